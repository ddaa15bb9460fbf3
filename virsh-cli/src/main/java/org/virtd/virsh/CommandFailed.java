package org.virtd.virsh;

/**
 * Ends a command as failed after its error has been printed; virsh's {@code return false} from deep inside a
 * helper. Carries no message: the error is already on stderr.
 */
public final class CommandFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailed() {
        super(null, null, false, false);
    }
}
