package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domid DOMAIN}: looked up by name or UUID; the id is in the returned handle. */
@Command(name = "domid", header = "convert a domain name or UUID to domain id", description = "")
public final class DomidCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA, description = "domain name or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomainBy(Virsh.BY_NAME | Virsh.BY_UUID);
        ctl.print((dom.id() == -1 ? "-" : Integer.toString(dom.id())) + "\n");
        return true;
    }
}
