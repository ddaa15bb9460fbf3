package org.virtd.virsh.command.domain;

import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code inject-nmi DOMAIN}: a non-maskable interrupt to the guest; silent on success, as virsh. */
@Command(name = "inject-nmi", header = "Inject NMI to the guest", description = "Inject NMI to the guest domain.")
public final class InjectNmiCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        ctl.commandOptDomain().injectNmi(0);
        return true;
    }
}
