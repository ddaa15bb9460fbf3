package org.virtd.driver.xen.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;

/**
 * A {@link XenStoreClient} call got no answer: the connection to xenstored broke or was closed, the call passed
 * its deadline, or the waiting thread was interrupted. Unchecked, unlike {@link XsException}: the daemon's own
 * answers are part of each operation's contract, a lost connection is not, and once it happens every later
 * call fails the same way. The cause says which: an {@link InterruptedIOException} (its subclass
 * {@link java.net.SocketTimeoutException} for a deadline) or the I/O error that ended the connection.
 */
public final class XsConnectionException extends UncheckedIOException {
    public XsConnectionException(String message, IOException cause) {
        super(message, cause);
    }

    /** Whether the call ran out of time (the connection may still be usable). */
    public boolean isTimeout() {
        return getCause() instanceof java.net.SocketTimeoutException;
    }
}
