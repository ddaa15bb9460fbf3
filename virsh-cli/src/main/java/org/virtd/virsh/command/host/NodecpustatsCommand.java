package org.virtd.virsh.command.host;

import org.virtd.api.NodeStats;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nodecpustats [--cpu N] [--percent]}: the host's CPU time counters in nanoseconds, or with
 * {@code --percent} the share of each over one second (two samples a second apart, unless the driver reports a
 * utilization figure itself).
 */
@Command(name = "nodecpustats", header = "Prints cpu stats of the node.",
        description = "Returns cpu stats of the node, in nanoseconds.")
public final class NodecpustatsCommand implements VshCommand {
    /** virsh's fields, in print order; USAGE is the driver's own utilization figure. */
    private static final String[] FIELDS = {"user", "kernel", "idle", "iowait", "intr", "utilization"};
    private static final String[] LABELS = {"user:", "system:", "idle:", "iowait:", "intr:", "usage:"};
    private static final int USAGE = 5;

    @Option(names = "--cpu", paramLabel = OptionType.LABEL_INT, description = "prints specified cpu statistics only.")
    String cpu;

    @Option(names = "--percent", description = "prints by percentage during 1 second.")
    boolean percent;

    @Override
    public boolean run(Virsh ctl) {
        Integer n = ctl.optInt("cpu");
        int cpuNum = n == null ? NodeStats.ALL_CPUS : n;
        int nparams;
        try {
            nparams = ctl.conn().nodeGetCpuStats(cpuNum, 0, 0).nparams();
        } catch (VirException e) {
            throw ctl.fail(e, "Unable to get number of cpu stats");
        }
        if (nparams == 0) {
            return true;
        }
        long[] stats = new long[FIELDS.length];
        boolean[] present = new boolean[FIELDS.length];
        for (int round = 0; round < 2; round++) {
            NodeStats s;
            try {
                s = ctl.conn().nodeGetCpuStats(cpuNum, nparams, 0);
            } catch (VirException e) {
                throw ctl.fail(e, "Unable to get node cpu stats");
            }
            for (NodeStats.Field f : s.params()) {
                int i = indexOf(f.field());
                if (i < 0) {
                    continue;
                }
                if (round == 0) {
                    stats[i] = f.value();
                    present[i] = true;
                } else if (present[i]) {
                    stats[i] = f.value() - stats[i];
                }
            }
            if (present[USAGE] || !percent) {
                break;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (!percent) {
            for (int i = 0; i < USAGE; i++) {
                if (present[i]) {
                    ctl.printf("%-15s %20s\n", LABELS[i], Long.toUnsignedString(stats[i]));
                }
            }
            return true;
        }
        if (present[USAGE]) {
            // virsh prints these with "%5.1llu", which glibc pads to five characters like %5llu.
            ctl.printf("%-15s %5s%%\n", "usage:", Long.toUnsignedString(stats[USAGE]));
            ctl.printf("%-15s %5s%%\n", "idle:", Long.toUnsignedString(100 - stats[USAGE]));
            return true;
        }
        double total = 0;
        for (int i = 0; i < USAGE; i++) {
            total += unsigned(stats[i]);
        }
        double usage = (unsigned(stats[0]) + unsigned(stats[1])) / total * 100;
        ctl.printf("%-15s %5.1f%%\n", "usage:", usage);
        for (int i = 0; i < USAGE; i++) {
            if (present[i]) {
                ctl.printf("%-15s %5.1f%%\n", LABELS[i], unsigned(stats[i]) / total * 100);
            }
        }
        return true;
    }

    private static int indexOf(String field) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : Double.parseDouble(Long.toUnsignedString(v));
    }
}
