package org.virtd.virsh.command.monitor;

import org.virtd.api.Domain;
import org.virtd.api.DomainDiskErrors;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domblkerror DOMAIN}: the disks that hit an I/O error, counted first and then fetched, as virsh does. */
@Command(name = "domblkerror", header = "Show errors on block devices", description = "Show block device errors")
public final class DomblkerrorCommand implements VshCommand {
    private static final String[] ERRORS = {"no error", "unspecified error", "no space"};

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        int count = dom.getDiskErrors(0, 0).count();
        DomainDiskErrors errors = count > 0 ? dom.getDiskErrors(count, 0) : null;
        if (errors == null || errors.count() == 0) {
            ctl.print("No errors found\n");
            return true;
        }
        for (DomainDiskErrors.DiskError e : errors.errors()) {
            ctl.print(e.disk() + ": " + (e.error() >= 0 && e.error() < ERRORS.length ? ERRORS[e.error()] : "unknown")
                    + "\n");
        }
        return true;
    }
}
