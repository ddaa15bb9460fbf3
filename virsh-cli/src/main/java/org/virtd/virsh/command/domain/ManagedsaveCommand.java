package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code managedsave DOMAIN [--bypass-cache] [--running|--paused] [--verbose]}: watched as a job. */
@Command(name = "managedsave", header = "managed save of a domain state",
        description = "Save and destroy a running domain, so it can be restarted from\n"
                + "    the same state at a later time.  When the virsh 'start'\n"
                + "    command is next run for the domain, it will automatically\n"
                + "    be started from this saved state.")
public final class ManagedsaveCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--bypass-cache", description = "avoid file system cache when saving")
    boolean bypassCache;

    @Option(names = "--running", description = "set domain to be running on next start")
    boolean running;

    @Option(names = "--paused", description = "set domain to be paused on next start")
    boolean paused;

    @Option(names = "--verbose", description = "display the progress of save")
    boolean verbose;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        boolean ok = JobWatch.run(ctl, dom, verbose, "Managedsave", () -> {
            int flags = (bypassCache ? Flags.SAVE_BYPASS_CACHE : 0) | (running ? Flags.SAVE_RUNNING : 0)
                    | (paused ? Flags.SAVE_PAUSED : 0);
            try {
                dom.managedSave(flags);
            } catch (VirException e) {
                throw ctl.fail(e, "Failed to save domain '" + name + "' state");
            }
            return true;
        });
        if (ok) {
            ctl.printExtra("\nDomain '" + name + "' state saved by libvirt\n");
        }
        return ok;
    }
}
