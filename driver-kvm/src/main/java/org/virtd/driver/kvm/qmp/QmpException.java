package org.virtd.driver.kvm.qmp;

/**
 * A command QEMU refused: its error class ({@code GenericError}, {@code CommandNotFound}, {@code DeviceNotActive},
 * ...) and description, as QMP's error reply gives them.
 */
public final class QmpException extends Exception {
    private final String errorClass;

    public QmpException(String errorClass, String description) {
        super(description);
        this.errorClass = errorClass;
    }

    public String errorClass() { return errorClass; }
}
