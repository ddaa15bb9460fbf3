package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code destroy DOMAIN [--graceful] [--remove-logs]}: DOMAIN_DESTROY, or DESTROY_FLAGS when a flag is given. */
@Command(name = "destroy", header = "destroy (stop) a domain",
        description = "Forcefully stop a given domain, but leave its resources intact.")
public final class DestroyCommand implements VshCommand {
    private static final int GRACEFUL = 1;
    private static final int REMOVE_LOGS = 2;

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--graceful", description = "terminate gracefully")
    boolean graceful;

    @Option(names = "--remove-logs", description = "remove domain logs")
    boolean removeLogs;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        int flags = (graceful ? GRACEFUL : 0) | (removeLogs ? REMOVE_LOGS : 0);
        try {
            if (flags != 0) {
                dom.destroyFlags(flags);
            } else {
                dom.destroy();
            }
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to destroy domain '" + name + "'");
        }
        ctl.printExtra("Domain '" + name + "' destroyed\n");
        return true;
    }
}
