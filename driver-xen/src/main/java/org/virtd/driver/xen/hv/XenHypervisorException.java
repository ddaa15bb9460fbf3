package org.virtd.driver.xen.hv;

/**
 * A hypervisor call failed. {@code errno} is Xen's (or libxl's) error name, e.g. "ENOMEM", "ESRCH"; the message
 * is what the driver shows after libvirt's prefix.
 */
public final class XenHypervisorException extends Exception {
    private final String errno;

    public XenHypervisorException(String errno, String message) {
        super(message);
        this.errno = errno;
    }

    public XenHypervisorException(String errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public String errno() { return errno; }
}
