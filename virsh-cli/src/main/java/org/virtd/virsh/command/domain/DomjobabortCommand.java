package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code domjobabort DOMAIN [--postcopy]}: virDomainAbortJob. {@code --postcopy} needs virDomainAbortJobFlags,
 * which the public API does not have yet: it fails as a driver without that call does.
 */
@Command(name = "domjobabort", header = "abort active domain job", description = "Aborts the currently running domain job")
public final class DomjobabortCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--postcopy", description = "interrupt post-copy migration")
    boolean postcopy;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        if (postcopy) {
            throw VirException.unsupported("virDomainAbortJobFlags");
        }
        dom.abortJob();
        return true;
    }
}
