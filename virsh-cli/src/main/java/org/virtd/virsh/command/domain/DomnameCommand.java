package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domname DOMAIN}: looked up by id or UUID. */
@Command(name = "domname", header = "convert a domain id or UUID to domain name", description = "")
public final class DomnameCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA, description = "domain id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomainBy(Virsh.BY_ID | Virsh.BY_UUID);
        ctl.print(dom.name() + "\n");
        return true;
    }
}
