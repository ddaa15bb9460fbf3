package org.virtd.virsh.command.host;

import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;

/** {@code capabilities}: the driver's capabilities XML. */
@Command(name = "capabilities", header = "capabilities", description = "Returns capabilities of hypervisor/driver.")
public final class CapabilitiesCommand implements VshCommand {
    @Override
    public boolean run(Virsh ctl) {
        String caps;
        try {
            caps = ctl.conn().getCapabilities();
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get capabilities");
        }
        ctl.print(caps + "\n");
        return true;
    }
}
