package org.virtd.virsh.command.host;

import org.virtd.api.NodeStats;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nodememstats [--cell N]}: the host's (or a NUMA cell's) memory counters in KiB. */
@Command(name = "nodememstats", header = "Prints memory stats of the node.",
        description = "Returns memory stats of the node, in kilobytes.")
public final class NodememstatsCommand implements VshCommand {
    @Option(names = "--cell", paramLabel = OptionType.LABEL_INT, description = "prints specified cell statistics only.")
    String cell;

    @Override
    public boolean run(Virsh ctl) {
        Integer n = ctl.optInt("cell");
        int cellNum = n == null ? NodeStats.ALL_CELLS : n;
        int nparams;
        try {
            nparams = ctl.conn().nodeGetMemoryStats(cellNum, 0, 0).nparams();
        } catch (VirException e) {
            throw ctl.fail(e, "Unable to get number of memory stats");
        }
        if (nparams == 0) {
            return true;
        }
        NodeStats s;
        try {
            s = ctl.conn().nodeGetMemoryStats(cellNum, nparams, 0);
        } catch (VirException e) {
            throw ctl.fail(e, "Unable to get memory stats");
        }
        for (NodeStats.Field f : s.params()) {
            ctl.printf("%-7s: %20s KiB\n", f.field(), Long.toUnsignedString(f.value()));
        }
        return true;
    }
}
