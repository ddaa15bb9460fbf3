package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code autostart DOMAIN [--disable]}. */
@Command(name = "autostart", header = "autostart a domain",
        description = "Configure a domain to be automatically started at boot.")
public final class AutostartCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--disable", description = "disable autostarting")
    boolean disable;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        try {
            dom.setAutostart(!disable);
        } catch (VirException e) {
            throw ctl.fail(e, (disable ? "Failed to unmark domain '" : "Failed to mark domain '") + name
                    + "' as autostarted");
        }
        ctl.printExtra("Domain '" + name + (disable ? "' unmarked as autostarted\n" : "' marked as autostarted\n"));
        return true;
    }
}
