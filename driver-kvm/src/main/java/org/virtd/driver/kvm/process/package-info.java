/** One QEMU process and its monitor: launch in a session of its own, re-attach by pid, CPU time, kill. */
package org.virtd.driver.kvm.process;
