package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code resume DOMAIN}. */
@Command(name = "resume", header = "resume a domain", description = "Resume a previously suspended domain.")
public final class ResumeCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        try {
            dom.resume();
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to resume domain '" + name + "'");
        }
        ctl.printExtra("Domain '" + name + "' resumed\n");
        return true;
    }
}
