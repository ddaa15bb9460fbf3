package org.virtd.virsh.command.monitor;

import org.virtd.api.Domain;
import org.virtd.api.DomainStateInfo;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.DomainStates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domstate DOMAIN [--reason]}. */
@Command(name = "domstate", header = "domain state", description = "Returns state about a domain.")
public final class DomstateCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--reason", description = "also print reason for the state")
    boolean reason;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        DomainStateInfo st = ctl.domainState(dom);
        if (reason) {
            ctl.print(DomainStates.state(st.state()) + " (" + DomainStates.reason(st.state(), st.reason()) + ")\n");
        } else {
            ctl.print(DomainStates.state(st.state()) + "\n");
        }
        return true;
    }
}
