package org.virtd.virsh.command.monitor;

import java.util.ArrayList;
import java.util.List;
import org.virtd.api.Domain;
import org.virtd.api.DomainStatsRecord;
import org.virtd.api.Flags;
import org.virtd.api.TypedParameter;
import org.virtd.virsh.CommandFailed;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.TypedParamValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code domstats [GROUPS] [FILTERS] [DOMAIN]...}: CONNECT_GET_ALL_DOMAIN_STATS, with the listed domains
 * (virDomainListGetStats) or without (virConnectGetAllDomainStats). Records print as virsh prints them:
 * "Domain: 'NAME'", then "  field=value" lines, a blank line between records; {@code --raw} changes nothing
 * because virsh has no pretty-printing yet.
 */
@Command(name = "domstats", header = "get statistics about one or multiple domains",
        description = "Gets statistics about one or more (or all) domains")
public final class DomstatsCommand implements VshCommand {
    @Option(names = "--state", description = "report domain state") boolean state;
    @Option(names = "--cpu-total", description = "report domain physical cpu usage") boolean cpuTotal;
    @Option(names = "--balloon", description = "report domain balloon statistics") boolean balloon;
    @Option(names = "--vcpu", description = "report domain virtual cpu information") boolean vcpu;
    @Option(names = "--interface", description = "report domain network interface information") boolean iface;
    @Option(names = "--block", description = "report domain block device statistics") boolean block;
    @Option(names = "--perf", description = "report domain perf event statistics") boolean perf;
    @Option(names = "--iothread", description = "report domain IOThread information") boolean iothread;
    @Option(names = "--memory", description = "report domain memory usage") boolean memory;
    @Option(names = "--dirtyrate", description = "report domain dirty rate information") boolean dirtyrate;
    @Option(names = "--vm", description = "report hypervisor-specific statistics") boolean vm;
    @Option(names = "--list-active", description = "list only active domains") boolean listActive;
    @Option(names = "--list-inactive", description = "list only inactive domains") boolean listInactive;
    @Option(names = "--list-persistent", description = "list only persistent domains") boolean listPersistent;
    @Option(names = "--list-transient", description = "list only transient domains") boolean listTransient;
    @Option(names = "--list-running", description = "list only running domains") boolean listRunning;
    @Option(names = "--list-paused", description = "list only paused domains") boolean listPaused;
    @Option(names = "--list-shutoff", description = "list only shutoff domains") boolean listShutoff;
    @Option(names = "--list-other", description = "list only domains in other states") boolean listOther;
    @Option(names = "--raw", description = "do not pretty-print the fields") boolean raw;
    @Option(names = "--enforce", description = "enforce requested stats parameters") boolean enforce;
    @Option(names = "--backing", description = "add backing chain information to block stats") boolean backing;
    @Option(names = "--nowait", description = "report only stats that are accessible instantly") boolean nowait;

    @Option(names = "--domain", paramLabel = OptionType.LABEL_ARGV, description = "list of domains to get stats for")
    List<String> domain;

    @Override
    public boolean run(Virsh ctl) {
        int stats = bit(state, Flags.DOMAIN_STATS_STATE) | bit(cpuTotal, Flags.DOMAIN_STATS_CPU_TOTAL)
                | bit(balloon, Flags.DOMAIN_STATS_BALLOON) | bit(vcpu, Flags.DOMAIN_STATS_VCPU)
                | bit(iface, Flags.DOMAIN_STATS_INTERFACE) | bit(block, Flags.DOMAIN_STATS_BLOCK)
                | bit(perf, Flags.DOMAIN_STATS_PERF) | bit(iothread, Flags.DOMAIN_STATS_IOTHREAD)
                | bit(memory, Flags.DOMAIN_STATS_MEMORY) | bit(dirtyrate, Flags.DOMAIN_STATS_DIRTYRATE)
                | bit(vm, Flags.DOMAIN_STATS_VM);
        int flags = bit(listActive, Flags.LIST_DOMAINS_ACTIVE) | bit(listInactive, Flags.LIST_DOMAINS_INACTIVE)
                | bit(listPersistent, Flags.LIST_DOMAINS_PERSISTENT)
                | bit(listTransient, Flags.LIST_DOMAINS_TRANSIENT) | bit(listRunning, Flags.LIST_DOMAINS_RUNNING)
                | bit(listPaused, Flags.LIST_DOMAINS_PAUSED) | bit(listShutoff, Flags.LIST_DOMAINS_SHUTOFF)
                | bit(listOther, Flags.LIST_DOMAINS_OTHER)
                | bit(enforce, Flags.GET_ALL_DOMAINS_STATS_ENFORCE_STATS)
                | bit(backing, Flags.GET_ALL_DOMAINS_STATS_BACKING)
                | bit(nowait, Flags.GET_ALL_DOMAINS_STATS_NOWAIT);
        List<DomainStatsRecord> records;
        if (ctl.has("domain")) {
            List<Domain> doms = new ArrayList<>();
            for (String name : domain) {
                Domain d = ctl.lookupDomainBy(name, Virsh.BY_ANY);
                if (d == null) {
                    throw new CommandFailed();
                }
                doms.add(d);
            }
            records = ctl.conn().domainListGetStats(doms, stats, flags);
        } else {
            records = ctl.conn().getAllDomainStats(stats, flags);
        }
        for (int i = 0; i < records.size(); i++) {
            DomainStatsRecord r = records.get(i);
            StringBuilder b = new StringBuilder();
            b.append("Domain: '").append(r.domain().name()).append("'\n");
            for (TypedParameter p : r.params()) {
                b.append("  ").append(p.field()).append('=').append(TypedParamValues.format(p)).append('\n');
            }
            if (i + 1 < records.size()) {
                b.append('\n');
            }
            ctl.print(b.toString());
        }
        return true;
    }

    private static int bit(boolean set, int bit) {
        return set ? bit : 0;
    }
}
