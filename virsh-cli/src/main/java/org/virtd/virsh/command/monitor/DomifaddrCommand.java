package org.virtd.virsh.command.monitor;

import java.util.List;
import org.virtd.api.Domain;
import org.virtd.api.DomainInterface;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domifaddr DOMAIN [INTERFACE] [--full] [--source lease|agent|arp]}: the guest's IP addresses. */
@Command(name = "domifaddr", header = "Get network interfaces' addresses for a running domain",
        description = "Get network interfaces' addresses for a running domain")
public final class DomifaddrCommand implements VshCommand {
    private static final List<String> SOURCES = List.of("lease", "agent", "arp");

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--interface", paramLabel = OptionType.LABEL_STRING, description = "network interface name")
    String iface;

    @Option(names = "--full", description = "always display names and MACs of interfaces")
    boolean full;

    @Option(names = "--source", paramLabel = OptionType.LABEL_STRING,
            description = "address source: 'lease', 'agent', or 'arp'")
    String source;

    @Override
    public boolean run(Virsh ctl) {
        String only = ctl.optStringReq("interface");
        String src = ctl.optStringReq("source");
        int from = DomainInterface.SOURCE_LEASE;
        if (src != null) {
            from = SOURCES.indexOf(src);
            if (from < 0) {
                throw ctl.fail("Unknown data source '" + src + "'");
            }
        }
        Domain dom = ctl.commandOptDomain();
        List<DomainInterface> ifaces;
        try {
            ifaces = dom.interfaceAddresses(from, 0);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to query for interfaces addresses");
        }
        ctl.printExtra(String.format(" %-10s %-20s %-8s     %s\n%s%s\n", "Name", "MAC address", "Protocol", "Address",
                "-------------------------------------------------", "------------------------------"));
        for (DomainInterface i : ifaces) {
            if (only != null && !only.equals(i.name())) {
                continue;
            }
            if (i.addrs().isEmpty()) {
                ctl.printf(" %-10s %-17s    %-12s %s\n", i.name(), i.hwaddr() != null ? i.hwaddr() : "N/A", "N/A", "N/A");
                continue;
            }
            for (int j = 0; j < i.addrs().size(); j++) {
                DomainInterface.IpAddress a = i.addrs().get(j);
                String type = a.type() == DomainInterface.IpAddress.IPV4 ? "ipv4"
                        : a.type() == DomainInterface.IpAddress.IPV6 ? "ipv6" : "(null)";
                String addr = String.format("%-12s %s/%d", type, a.addr(), a.prefix());
                if (full || j == 0) {
                    ctl.printf(" %-10s %-17s    %s\n", i.name(), i.hwaddr() == null ? "" : i.hwaddr(), addr);
                } else {
                    ctl.printf(" %-10s %-17s    %s\n", "-", "-", addr);
                }
            }
        }
        return true;
    }
}
