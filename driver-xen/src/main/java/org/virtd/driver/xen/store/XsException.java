package org.virtd.driver.xen.store;

/** An operation failed with one of the daemon's wire errors; the server turns it into an ERROR reply. */
public final class XsException extends Exception {
    private final XsError error;

    public XsException(XsError error) {
        super(error.name(), null, false, false);
        this.error = error;
    }

    public XsError error() { return error; }
}
