package org.virtd.ffi.xen;

/**
 * A Xen library call failed. {@link #errnoName()} is one vocabulary for both libraries: libxenctrl's errno
 * ("ESRCH"), or for libxl its code's errno equivalent, else the errno the call left, else the code's own name
 * ("ERROR_FAIL"); see {@link XenErrors}.
 */
public final class XenCallException extends Exception {
    private final String errnoName;

    /** {@code cause} may be null. */
    public XenCallException(String errnoName, String message, Throwable cause) {
        super(message, cause);
        this.errnoName = errnoName;
    }

    public String errnoName() { return errnoName; }
}
