package org.virtd.virsh.command.shell;

import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;

/** {@code quit}: leaves the interactive shell. */
@Command(name = "quit", header = "quit this interactive terminal", description = "")
public final class QuitCommand implements VshCommand, VshCommand.NoConnect {
    @Override
    public boolean run(Virsh ctl) {
        ctl.quit();
        return true;
    }
}
