package org.virtd.driver.spi;

/** The outcome of {@link DriverProvider#open}: success with a connection, or declined. Failures are thrown. */
public sealed interface OpenResult permits OpenResult.Success, OpenResult.Declined {

    record Success(HypervisorDriver driver) implements OpenResult {
    }

    record Declined() implements OpenResult {
    }

    static OpenResult declined() {
        return new Declined();
    }

    static OpenResult success(HypervisorDriver driver) {
        return new Success(driver);
    }
}
