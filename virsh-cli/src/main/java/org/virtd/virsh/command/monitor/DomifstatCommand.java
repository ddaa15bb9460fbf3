package org.virtd.virsh.command.monitor;

import org.virtd.api.Domain;
import org.virtd.api.DomainInterfaceStats;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domifstat DOMAIN INTERFACE}: an interface's traffic counters; unknown (−1) ones are not printed. */
@Command(name = "domifstat", header = "get network interface stats for a domain",
        description = "Get network interface stats for a running domain.")
public final class DomifstatCommand implements VshCommand {
    private static final String[] NAMES = {
        "rx_bytes", "rx_packets", "rx_errs", "rx_drop", "tx_bytes", "tx_packets", "tx_errs", "tx_drop",
    };

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--interface", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "interface device specified by name or MAC Address")
    String iface;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String device = ctl.optStringReq("interface");
        DomainInterfaceStats s;
        try {
            s = dom.interfaceStats(device);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to get interface stats " + ctl.optStringReq("domain") + " " + device);
        }
        long[] values = {s.rxBytes(), s.rxPackets(), s.rxErrs(), s.rxDrop(), s.txBytes(), s.txPackets(), s.txErrs(),
            s.txDrop()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0) {
                ctl.print(device + " " + NAMES[i] + " " + values[i] + "\n");
            }
        }
        return true;
    }
}
