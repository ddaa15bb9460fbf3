package org.virtd.virsh.command.monitor;

import java.util.Locale;
import org.virtd.api.DomainControlInfo;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domcontrol DOMAIN}: the state of the hypervisor's control interface to the domain. */
@Command(name = "domcontrol", header = "domain control interface state",
        description = "Returns state of a control interface to the domain.")
public final class DomcontrolCommand implements VshCommand {
    private static final String[] STATES = {"ok", "background job", "occupied", "error"};
    private static final String[] REASONS = {"", "unknown", "monitor failure", "internal (locking) error"};

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        DomainControlInfo info = ctl.commandOptDomain().getControlInfo(0);
        String state = info.state() >= 0 && info.state() < STATES.length ? STATES[info.state()] : "unknown";
        if (info.state() != DomainControlInfo.OK && info.state() != DomainControlInfo.ERROR) {
            double ms = info.stateTimeMs() >= 0 ? info.stateTimeMs()
                    : Double.parseDouble(Long.toUnsignedString(info.stateTimeMs()));
            ctl.print(String.format(Locale.ROOT, "%s (%.3fs)\n", state, ms / 1000.0));
        } else if (info.state() == DomainControlInfo.ERROR && info.details() > 0) {
            String reason = info.details() < REASONS.length ? REASONS[info.details()] : "unknown";
            ctl.print(state + ": " + reason + "\n");
        } else {
            ctl.print(state + "\n");
        }
        return true;
    }
}
