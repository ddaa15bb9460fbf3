package org.virtd.virsh.command.host;

import org.virtd.api.NodeInfo;
import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;

/** {@code nodeinfo}: the host's CPU and memory summary. */
@Command(name = "nodeinfo", header = "node information", description = "Returns basic information about the node.")
public final class NodeinfoCommand implements VshCommand {
    @Override
    public boolean run(Virsh ctl) {
        NodeInfo info;
        try {
            info = ctl.conn().nodeGetInfo();
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get node information");
        }
        ctl.printf("%-20s %s\n", "CPU model:", info.model());
        ctl.printf("%-20s %d\n", "CPU(s):", info.cpus());
        if (info.mhz() != 0) {
            ctl.printf("%-20s %d MHz\n", "CPU frequency:", info.mhz());
        }
        ctl.printf("%-20s %d\n", "CPU socket(s):", info.sockets());
        ctl.printf("%-20s %d\n", "Core(s) per socket:", info.cores());
        ctl.printf("%-20s %d\n", "Thread(s) per core:", info.threads());
        ctl.printf("%-20s %d\n", "NUMA cell(s):", info.nodes());
        ctl.printf("%-20s %s KiB\n", "Memory size:", Long.toUnsignedString(info.memoryKiB()));
        return true;
    }
}
