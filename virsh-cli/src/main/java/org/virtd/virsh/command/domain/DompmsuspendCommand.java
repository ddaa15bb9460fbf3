package org.virtd.virsh.command.domain;

import java.util.List;
import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.VshOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dompmsuspend DOMAIN TARGET [--duration SECONDS]}: the guest suspends itself through its agent. */
@Command(name = "dompmsuspend", header = "suspend a domain gracefully using power management functions",
        description = "Suspends a running domain using guest OS's power management. (Note: This requires a guest "
                + "agent configured and running in the guest OS).")
public final class DompmsuspendCommand implements VshCommand {
    private static final List<String> TARGETS = List.of("mem", "disk", "hybrid");

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--target", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "mem(Suspend-to-RAM), disk(Suspend-to-Disk), hybrid(Hybrid-Suspend)")
    String target;

    @VshOption(requireName = true)
    @Option(names = "--duration", paramLabel = OptionType.LABEL_INT, description = "duration in seconds")
    String duration;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        Long seconds = ctl.optULongLong("duration");
        int to = TARGETS.indexOf(ctl.optStringReq("target"));
        if (to < 0) {
            throw ctl.fail("Invalid target");
        }
        try {
            dom.pmSuspendForDuration(to, seconds == null ? 0 : seconds, 0);
        } catch (VirException e) {
            throw ctl.fail(e, "Domain '" + dom.name() + "' could not be suspended");
        }
        // virsh prints this without a newline.
        ctl.printExtra("Domain '" + dom.name() + "' successfully suspended");
        return true;
    }
}
