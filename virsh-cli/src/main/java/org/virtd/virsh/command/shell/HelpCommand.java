package org.virtd.virsh.command.shell;

import org.virtd.virsh.CommandDef;
import org.virtd.virsh.CommandRegistry;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code help [COMMAND|GROUP]}. */
@Command(name = "help", header = "print help",
        description = "Prints global help, command specific help, or help for a\n    group of related commands")
public final class HelpCommand implements VshCommand, VshCommand.NoConnect {
    @Option(names = "--command", paramLabel = OptionType.LABEL_STRING,
            description = "Prints global help, command specific help, or help for a group of related commands")
    String command;

    @Override
    public boolean run(Virsh ctl) {
        String name = ctl.optStringQuiet("command");
        if (name == null) {
            ctl.print(ctl.help().all());
            return true;
        }
        CommandDef def = ctl.registry().find(name);
        if (def != null) {
            ctl.print(ctl.help().command(def));
            return true;
        }
        CommandRegistry.Group group = ctl.registry().findGroup(name);
        if (group != null) {
            ctl.print(ctl.help().group(group));
            return true;
        }
        ctl.error("command or command group '" + name + "' doesn't exist");
        return false;
    }
}
