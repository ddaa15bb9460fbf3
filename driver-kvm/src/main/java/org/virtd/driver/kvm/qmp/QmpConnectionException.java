package org.virtd.driver.kvm.qmp;

import java.io.IOException;

/**
 * The monitor cannot answer: its connection is closed or broken, or a command's deadline passed (then
 * {@link #isTimeout()}). Unchecked, as a dead monitor is a state of the domain, not of one call.
 */
public final class QmpConnectionException extends RuntimeException {
    private final boolean timeout;

    public QmpConnectionException(String message, boolean timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    public QmpConnectionException(String message, IOException cause) { this(message, false, cause); }

    public boolean isTimeout() { return timeout; }
}
