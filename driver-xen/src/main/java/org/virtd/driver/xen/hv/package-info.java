/**
 * The hypervisor backend SPI of the Xen driver ({@link org.virtd.driver.xen.hv.XenHypervisor}) and its value types.
 * Two implementations: native (hypervisor-native's bindings to libxenctrl/libxenlight, used where a privcmd
 * device exists) and sim (a simulated hypervisor whose state outlives the daemon).
 */
package org.virtd.driver.xen.hv;
