package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reset DOMAIN}: a hard reset, as pressing the machine's reset button. */
@Command(name = "reset", header = "reset a domain", description = "Reset the target domain as if by power button")
public final class ResetCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        try {
            dom.reset(0);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to reset domain '" + name + "'");
        }
        ctl.printExtra("Domain '" + name + "' was reset\n");
        return true;
    }
}
