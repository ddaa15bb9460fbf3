package org.virtd.virsh.command.host;

import org.virtd.api.NodeCpuMap;
import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.CpuMaps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nodecpumap [--pretty]}: the host's CPUs, how many are online, and which. */
@Command(name = "nodecpumap", header = "node cpu map",
        description = "Displays the node's total number of CPUs, the number of online CPUs and the list of online CPUs.")
public final class NodecpumapCommand implements VshCommand {
    @Option(names = "--pretty", description = "return human readable output")
    boolean pretty;

    @Override
    public boolean run(Virsh ctl) {
        NodeCpuMap m;
        try {
            m = ctl.conn().nodeGetCpuMap(true, true, 0);
        } catch (VirException e) {
            throw ctl.fail(e, "Unable to get cpu map");
        }
        byte[] map = m.map() == null ? new byte[0] : m.map();
        ctl.printf("%-15s %d\n", "CPUs present:", m.cpus());
        ctl.printf("%-15s %d\n", "CPUs online:", m.online());
        StringBuilder b = new StringBuilder(String.format("%-15s ", "CPU map:"));
        if (pretty) {
            b.append(CpuMaps.ranges(CpuMaps.bits(map, 0, ((m.cpus() + 7) / 8) * 8)));
        } else {
            b.append(CpuMaps.flags(CpuMaps.bits(map, 0, m.cpus()), m.cpus()));
        }
        ctl.print(b.append('\n').toString());
        return true;
    }
}
