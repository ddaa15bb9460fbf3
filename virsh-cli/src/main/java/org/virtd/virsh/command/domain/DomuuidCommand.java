package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domuuid DOMAIN}: looked up by name or id. */
@Command(name = "domuuid", header = "convert a domain name or id to domain UUID", description = "")
public final class DomuuidCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA, description = "domain id or name")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomainBy(Virsh.BY_NAME | Virsh.BY_ID);
        ctl.print(dom.uuid() + "\n");
        return true;
    }
}
