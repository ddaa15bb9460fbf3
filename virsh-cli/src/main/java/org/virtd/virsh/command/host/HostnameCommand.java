package org.virtd.virsh.command.host;

import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;

/** {@code hostname}: the hypervisor host's name. */
@Command(name = "hostname", header = "print the hypervisor hostname", description = "")
public final class HostnameCommand implements VshCommand {
    @Override
    public boolean run(Virsh ctl) {
        String name;
        try {
            name = ctl.conn().getHostname();
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get hostname");
        }
        ctl.print(name + "\n");
        return true;
    }
}
