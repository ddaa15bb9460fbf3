package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domhostname DOMAIN [--source lease|agent]}: the guest's host name. */
@Command(name = "domhostname", header = "print the domain's hostname", description = "")
public final class DomhostnameCommand implements VshCommand {
    /** VIR_DOMAIN_GET_HOSTNAME_LEASE and _AGENT. */
    private static final int FROM_LEASE = 1;
    private static final int FROM_AGENT = 2;

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--source", paramLabel = OptionType.LABEL_STRING,
            description = "address source: 'lease' or 'agent'")
    String source;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String src = ctl.optStringReq("source");
        int flags = 0;
        if (src != null) {
            flags = switch (src) {
                case "agent" -> FROM_AGENT;
                case "lease" -> FROM_LEASE;
                default -> throw ctl.fail("Unknown data source '" + src + "'");
            };
        }
        String hostname;
        try {
            hostname = dom.getHostname(flags);
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get hostname");
        }
        ctl.print(hostname + "\n");
        return true;
    }
}
