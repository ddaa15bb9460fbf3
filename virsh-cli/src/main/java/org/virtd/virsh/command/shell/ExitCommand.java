package org.virtd.virsh.command.shell;

import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;

/** {@code exit}: leaves the interactive shell. */
@Command(name = "exit", header = "quit this interactive terminal", description = "")
public final class ExitCommand implements VshCommand, VshCommand.NoConnect {
    @Override
    public boolean run(Virsh ctl) {
        ctl.quit();
        return true;
    }
}
