package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reboot DOMAIN [--mode M,...]}: DOMAIN_REBOOT with the mode flags. */
@Command(name = "reboot", header = "reboot a domain", description = "Run a reboot command in the target domain.")
public final class RebootCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--mode", paramLabel = OptionType.LABEL_STRING,
            description = "shutdown mode: acpi|agent|initctl|signal|paravirt")
    String mode;

    @Override
    public boolean run(Virsh ctl) {
        int flags = ShutdownModes.parse(ctl, ctl.optStringReq("mode"),
                "'acpi', 'agent', 'initctl', 'signal' or 'paravirt'");
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        try {
            dom.reboot(flags);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to reboot domain '" + name + "'");
        }
        ctl.printExtra("Domain '" + name + "' is being rebooted\n");
        return true;
    }
}
