package org.virtd.virsh.command.host;

import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;

/** {@code sysinfo}: the host's SMBIOS data as XML, printed as the driver returns it. */
@Command(name = "sysinfo", header = "print the hypervisor sysinfo",
        description = "output an XML string for the hypervisor sysinfo, if available")
public final class SysinfoCommand implements VshCommand {
    @Override
    public boolean run(Virsh ctl) {
        String xml;
        try {
            xml = ctl.conn().getSysinfo(0);
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get sysinfo");
        }
        ctl.print(xml);
        return true;
    }
}
