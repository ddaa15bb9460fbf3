package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dompmwakeup DOMAIN}: wakes a guest suspended by power management. */
@Command(name = "dompmwakeup", header = "wakeup a domain from pmsuspended state",
        description = "Wakeup a domain that was previously suspended by power management.")
public final class DompmwakeupCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        try {
            dom.pmWakeup(0);
        } catch (VirException e) {
            throw ctl.fail(e, "Domain '" + dom.name() + "' could not be woken up");
        }
        // virsh prints this without a newline.
        ctl.printExtra("Domain '" + dom.name() + "' successfully woken up");
        return true;
    }
}
