package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code suspend DOMAIN}. */
@Command(name = "suspend", header = "suspend a domain", description = "Suspend a running domain.")
public final class SuspendCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        try {
            dom.suspend();
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to suspend domain '" + name + "'");
        }
        ctl.printExtra("Domain '" + name + "' suspended\n");
        return true;
    }
}
