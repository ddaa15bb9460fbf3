package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.DomainJobInfo;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.Capacity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code domjobinfo DOMAIN [--completed [--keep-completed]] [--anystats] [--rawstats]}. virsh asks
 * virDomainGetJobStats first and falls back to virDomainGetJobInfo when the driver lacks it; the public API has
 * only the latter so far, so this is always the fallback path (the test driver has neither).
 */
@Command(name = "domjobinfo", header = "domain job information",
        description = "Returns information about jobs running on a domain.")
public final class DomjobinfoCommand implements VshCommand {
    private static final String[] TYPES = {"None", "Bounded", "Unbounded", "Completed", "Failed", "Cancelled"};

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--completed", description = "return statistics of a recently completed job")
    boolean completed;

    @Option(names = "--keep-completed", description = "don't destroy statistics of a recently completed job when reading")
    boolean keepCompleted;

    @Option(names = "--anystats", description = "print statistics for any kind of job (even failed ones)")
    boolean anystats;

    @Option(names = "--rawstats", description = "print the raw data returned by libvirt")
    boolean rawstats;

    @Override
    public boolean run(Virsh ctl) {
        ctl.require("keep-completed", keepCompleted, "completed", completed);
        Domain dom = ctl.commandOptDomain();
        if (completed || keepCompleted || rawstats) {
            throw ctl.fail("Optional flags or --rawstats are not supported by the daemon");
        }
        ctl.debug(Virsh.DEBUG, "detailed statistics not supported\n");
        DomainJobInfo info = dom.getJobInfo();
        ctl.printf("%-17s %-12s\n", "Job type:", info.type() >= 0 && info.type() < TYPES.length
                ? TYPES[info.type()] : "unknown");
        if (info.type() == DomainJobInfo.NONE) {
            return true;
        }
        ctl.printf("%-17s %-12s\n", "Operation:", "Unknown");
        if (!anystats && info.type() != DomainJobInfo.BOUNDED && info.type() != DomainJobInfo.UNBOUNDED) {
            return true;
        }
        ctl.printf("%-17s %-12s ms\n", "Time elapsed:", Long.toUnsignedString(info.timeElapsedMs()));
        if (info.type() == DomainJobInfo.BOUNDED) {
            ctl.printf("%-17s %-12s ms\n", "Time remaining:", Long.toUnsignedString(info.timeRemainingMs()));
        }
        triple(ctl, "Data", info.dataProcessed(), info.dataRemaining(), info.dataTotal());
        triple(ctl, "Memory", info.memProcessed(), info.memRemaining(), info.memTotal());
        triple(ctl, "File", info.fileProcessed(), info.fileRemaining(), info.fileTotal());
        return true;
    }

    private static void triple(Virsh ctl, String what, long processed, long remaining, long total) {
        if (total == 0 && remaining == 0 && processed == 0) {
            return;
        }
        ctl.printf("%-17s %s\n", what + " processed:", Capacity.pretty(processed));
        ctl.printf("%-17s %s\n", what + " remaining:", Capacity.pretty(remaining));
        ctl.printf("%-17s %s\n", what + " total:", Capacity.pretty(total));
    }
}
