/**
 * JNR-FFI bindings to Xen 4.17's control libraries as Debian ships them (libxenctrl.so.4.17,
 * libxenlight.so.4.17, libxentoollog.so.1) and the structures the Xen driver reads from them. Layouts are
 * x86_64 and checked against the C compiler's figures by {@code XenLayoutTest}. {@link org.virtd.ffi.xen.XenControl}
 * is the plain-Java face the Xen driver uses; nothing here decides policy (what a state or an error means to
 * libvirt is the driver's business).
 */
package org.virtd.ffi.xen;
