package org.virtd.virsh.command.monitor;

import java.util.List;
import org.virtd.api.Domain;
import org.virtd.api.DomainMemoryStat;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.VshOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dommemstat DOMAIN [--period N] [--config] [--live] [--current]}: the balloon's memory statistics, or with
 * {@code --period} a new collection period.
 */
@Command(name = "dommemstat", header = "get memory statistics for a domain",
        description = "Get memory statistics for a running domain.")
public final class DommemstatCommand implements VshCommand {
    /** virsh's print order: tag, name. */
    private static final int[] ORDER = {
        DomainMemoryStat.SWAP_IN, DomainMemoryStat.SWAP_OUT, DomainMemoryStat.MAJOR_FAULT,
        DomainMemoryStat.MINOR_FAULT, DomainMemoryStat.UNUSED, DomainMemoryStat.AVAILABLE, DomainMemoryStat.USABLE,
        DomainMemoryStat.ACTUAL_BALLOON, DomainMemoryStat.RSS, DomainMemoryStat.LAST_UPDATE,
        DomainMemoryStat.DISK_CACHES, DomainMemoryStat.HUGETLB_PGALLOC, DomainMemoryStat.HUGETLB_PGFAIL,
    };
    private static final String[] NAMES = {
        "swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available", "usable", "actual", "rss",
        "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail",
    };

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @VshOption(requireName = true)
    @Option(names = "--period", paramLabel = OptionType.LABEL_INT, description = "period in seconds to set collection")
    String period;

    @Option(names = "--config", description = "affect next boot")
    boolean config;

    @Option(names = "--live", description = "affect running domain")
    boolean live;

    @Option(names = "--current", description = "affect current domain")
    boolean current;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("current", current, "live", live);
        ctl.exclusive("current", current, "config", config);
        int flags = Flags.AFFECT_CURRENT | (config ? Flags.AFFECT_CONFIG : 0) | (live ? Flags.AFFECT_LIVE : 0);
        Domain dom = ctl.commandOptDomain();
        if (!current && !live && !config && isActive(dom)) {
            flags |= Flags.AFFECT_LIVE;
        }
        Integer seconds = ctl.optInt("period");
        if (seconds != null) {
            if (seconds < 0) {
                throw ctl.fail("Invalid collection period value '" + seconds + "'");
            }
            try {
                dom.setMemoryStatsPeriod(seconds, flags);
            } catch (VirException e) {
                throw ctl.fail(e, "Unable to change balloon collection period.");
            }
            return true;
        }
        List<DomainMemoryStat> stats;
        try {
            stats = dom.memoryStats(DomainMemoryStat.NR, 0);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to get memory statistics for domain " + ctl.optStringReq("domain"));
        }
        for (DomainMemoryStat s : stats) {
            for (int i = 0; i < ORDER.length; i++) {
                if (s.tag() == ORDER[i]) {
                    ctl.print(NAMES[i] + " " + Long.toUnsignedString(s.value()) + "\n");
                }
            }
        }
        return true;
    }

    private static boolean isActive(Domain dom) {
        try {
            return dom.isActive();
        } catch (VirException e) {
            return false;
        }
    }
}
