package org.virtd.virsh;

import org.virtd.api.VirException;

/**
 * One virsh command: a class annotated with Picocli's {@code @Command} (name, {@code header} = the one-line help,
 * {@code description} = the long help) whose {@code @Option} fields are filled by {@link CommandParser} before
 * {@link #run} is called.
 */
public interface VshCommand {
    /**
     * Runs the command. Returning false, or throwing a {@link VirException} (which becomes the error reported after
     * the command, as libvirt's last error does), marks the command failed.
     */
    boolean run(Virsh ctl);

    /** Commands that work without a hypervisor connection ({@code help}, {@code connect}, {@code quit}). */
    interface NoConnect {
    }
}
