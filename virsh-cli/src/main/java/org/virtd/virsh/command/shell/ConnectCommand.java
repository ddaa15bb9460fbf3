package org.virtd.virsh.command.shell;

import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.VshOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connect [URI] [--readonly]}: replaces the connection. */
@Command(name = "connect", header = "(re)connect to hypervisor",
        description = "Connect to local hypervisor. This is built-in command after shell start up.")
public final class ConnectCommand implements VshCommand, VshCommand.NoConnect {
    @Option(names = "--name", paramLabel = OptionType.LABEL_STRING, description = "hypervisor connection URI")
    @VshOption(emptyOk = true)
    String name;

    @Option(names = "--readonly", description = "read-only connection")
    boolean readonly;

    @Override
    public boolean run(Virsh ctl) {
        String uri = ctl.optStringReq("name");
        return ctl.reconnect(uri, readonly, true);
    }
}
