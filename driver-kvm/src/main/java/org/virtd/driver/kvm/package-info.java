/**
 * The QEMU/KVM driver ({@code qemu:///system}, {@code qemu:///session}): pools, lifecycle, monitor events,
 * status files and re-attach, capabilities, consoles, save images. Registered through {@link
 * org.virtd.driver.kvm.KvmDriverProvider}; the rest is package-private.
 */
package org.virtd.driver.kvm;
