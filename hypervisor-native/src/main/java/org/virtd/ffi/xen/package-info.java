/**
 * JNR-FFI bindings to Xen 4.17's control libraries as Debian ships them (libxenctrl.so.4.17,
 * libxenlight.so.4.17, libxentoollog.so.1) and the structures the Xen driver reads from them. Layouts are
 * x86_64 and checked against the C compiler's figures by {@code XenLayoutTest}. Nothing here decides
 * policy: callers own handles, errno and libxl error codes.
 */
package org.virtd.ffi.xen;
