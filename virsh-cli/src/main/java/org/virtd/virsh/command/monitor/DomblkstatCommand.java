package org.virtd.virsh.command.monitor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.virtd.api.Domain;
import org.virtd.api.DomainBlockStats;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.VshOption;
import org.virtd.virsh.format.TypedParamValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code domblkstat DOMAIN [DEVICE] [--human]}: a disk's I/O counters (all disks when DEVICE is empty or
 * missing): virDomainBlockStatsFlags, falling back to virDomainBlockStats when the driver lacks it, as virsh does.
 */
@Command(name = "domblkstat", header = "get device block stats for a domain",
        description = "Get device block stats for a running domain. See man page or use --human for explanation of fields")
public final class DomblkstatCommand implements VshCommand {
    private static final String[] LEGACY = {"rd_req", "rd_bytes", "wr_req", "wr_bytes", "errs"};
    private static final String[] HUMAN = {
        "number of read operations:", "number of bytes read:", "number of write operations:",
        "number of bytes written:", "error count:",
    };

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @VshOption(emptyOk = true)
    @Option(names = "--device", paramLabel = OptionType.LABEL_STRING, description = "block device")
    String device;

    @Option(names = "--human", description = "print a more human readable output")
    boolean human;

    /** virsh's output order for the typed fields: name, legacy spelling (null: the field's own), human text. */
    private static final String[][] FIELDS = {
        {"rd_operations", "rd_req", "number of read operations:"},
        {"rd_bytes", "rd_bytes", "number of bytes read:"},
        {"wr_operations", "wr_req", "number of write operations:"},
        {"wr_bytes", "wr_bytes", "number of bytes written:"},
        {"errs", "errs", "error count:"},
        {"flush_operations", null, "number of flush operations:"},
        {"rd_total_times", null, "total duration of reads (ns):"},
        {"wr_total_times", null, "total duration of writes (ns):"},
        {"flush_total_times", null, "total duration of flushes (ns):"},
    };

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        String dev = ctl.optStringReq("device");
        if (dev == null) {
            dev = "";
        }
        int nparams;
        try {
            nparams = dom.blockStatsFlags(dev, 0, 0).nparams();
        } catch (VirException e) {
            if (e.code() != VirErrorCode.NO_SUPPORT.wireValue()) {
                throw e;
            }
            return legacy(ctl, dom, name, dev);
        }
        List<TypedParameter> params;
        try {
            params = dom.blockStatsFlags(dev, nparams, 0).params();
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to get block stats for domain '" + name + "' device '" + dev + "'");
        }
        String prefix = dev;
        if (human) {
            ctl.print("Device: " + dev + "\n");
            prefix = "";
        }
        // Marked by identity, as virsh blanks the name of the very parameter it printed.
        Set<TypedParameter> printed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String[] f : FIELDS) {
            TypedParameter p = params.stream().filter(x -> x.field().equals(f[0]) && !printed.contains(x)).findFirst()
                    .orElse(null);
            if (p == null) {
                continue;
            }
            printed.add(p);
            String label = human ? f[2] : f[1] != null ? f[1] : f[0];
            ctl.printf("%s %-" + (human ? 31 : 1) + "s %s\n", prefix, label, TypedParamValues.format(p));
        }
        for (TypedParameter p : params) {
            if (!printed.contains(p)) {
                ctl.print(prefix + " " + p.field() + " " + TypedParamValues.format(p) + "\n");
            }
        }
        return true;
    }

    /** virDomainBlockStats, for drivers without the typed-parameter call (the test driver among them). */
    private boolean legacy(Virsh ctl, Domain dom, String name, String dev) {
        ctl.resetError();
        DomainBlockStats stats;
        try {
            stats = dom.blockStats(dev);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to get block stats " + name + " " + dev);
        }
        String prefix = dev;
        if (human) {
            ctl.print("Device: " + dev + "\n");
            prefix = "";
        }
        long[] values = {stats.rdReq(), stats.rdBytes(), stats.wrReq(), stats.wrBytes(), stats.errs()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0) {
                ctl.printf("%s %-" + (human ? 31 : 1) + "s %d\n", prefix, human ? HUMAN[i] : LEGACY[i], values[i]);
            }
        }
        return true;
    }
}
