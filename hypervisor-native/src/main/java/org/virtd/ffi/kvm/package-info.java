/** {@code /dev/kvm} ioctls the QEMU/KVM driver needs (capabilities: whether KVM is usable here). */
package org.virtd.ffi.kvm;
