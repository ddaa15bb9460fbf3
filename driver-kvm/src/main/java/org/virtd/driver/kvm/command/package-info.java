/**
 * Domain XML to QEMU command line, the way libvirt 9.0's QEMU driver builds it for QEMU 7.2: the QEMU driver's
 * post-parse defaults ({@link org.virtd.driver.kvm.command.QemuDomainDefaults}: implicit controllers, inputs,
 * balloon, audio, PCI addresses, aliases) and the builder ({@link org.virtd.driver.kvm.command.QemuCommandBuilder})
 * that turns a defaulted definition plus a {@link org.virtd.driver.kvm.command.LaunchContext} (per-domain paths,
 * monitor socket, master key, tap names) into an environment and argv ({@link
 * org.virtd.driver.kvm.command.QemuCommand}). Pure functions of their inputs: nothing here starts a process.
 */
package org.virtd.driver.kvm.command;
