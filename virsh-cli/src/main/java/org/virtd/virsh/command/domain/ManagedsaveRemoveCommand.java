package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code managedsave-remove DOMAIN}: drops the managed save image, if there is one. */
@Command(name = "managedsave-remove", header = "Remove managed save of a domain",
        description = "Remove an existing managed save state file from a domain")
public final class ManagedsaveRemoveCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        boolean hasSave;
        try {
            hasSave = dom.hasManagedSaveImage(0);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to check for domain managed save image");
        }
        if (!hasSave) {
            // virsh prints these two without a newline.
            ctl.printExtra("Domain '" + name + "' has no manage save image; removal skipped");
            return true;
        }
        try {
            dom.managedSaveRemove(0);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to remove managed save image for domain '" + name + "'");
        }
        ctl.printExtra("Removed managedsave image for domain '" + name + "'");
        return true;
    }
}
