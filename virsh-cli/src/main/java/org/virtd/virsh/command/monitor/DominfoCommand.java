package org.virtd.virsh.command.monitor;

import java.util.List;
import org.virtd.api.Domain;
import org.virtd.api.DomainInfo;
import org.virtd.api.SecurityLabel;
import org.virtd.api.SecurityModel;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.DomainStates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dominfo DOMAIN}. Calls, in virsh's order: OS type, info, persistent, autostart, managed save, security
 * model, security label (only when a model is active), messages.
 */
@Command(name = "dominfo", header = "domain information", description = "Returns basic information about the domain.")
public final class DominfoCommand implements VshCommand {
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        boolean ret = true;
        line(ctl, "Id:", dom.id() == -1 ? "-" : Integer.toString(dom.id()));
        line(ctl, "Name:", dom.name());
        line(ctl, "UUID:", dom.uuid().toString());
        try {
            line(ctl, "OS Type:", dom.getOsType());
        } catch (VirException e) {
            ctl.saveError(e);
        }
        try {
            DomainInfo info = dom.getInfo();
            line(ctl, "State:", DomainStates.state(info.state()));
            line(ctl, "CPU(s):", Integer.toString(info.nrVirtCpu()));
            if (info.cpuTimeNs() != 0) {
                double used = Long.compareUnsigned(info.cpuTimeNs(), 0) < 0
                        ? Double.parseDouble(Long.toUnsignedString(info.cpuTimeNs())) : info.cpuTimeNs();
                ctl.printf("%-15s %.1fs\n", "CPU time:", used / 1_000_000_000.0);
            }
            if (info.maxMemKiB() != UINT_MAX) {
                line(ctl, "Max memory:", Long.toUnsignedString(info.maxMemKiB()) + " KiB");
            } else {
                line(ctl, "Max memory:", "no limit");
            }
            line(ctl, "Used memory:", Long.toUnsignedString(info.memoryKiB()) + " KiB");
        } catch (VirException e) {
            ctl.saveError(e);
            ret = false;
        }
        int persistent;
        try {
            persistent = dom.isPersistent() ? 1 : 0;
        } catch (VirException e) {
            ctl.saveError(e);
            persistent = -1;
        }
        ctl.debug(Virsh.DEBUG, "Domain persistent flag value: " + persistent + "\n");
        line(ctl, "Persistent:", persistent < 0 ? "unknown" : persistent == 1 ? "yes" : "no");
        try {
            line(ctl, "Autostart:", dom.getAutostart() ? "enable" : "disable");
        } catch (VirException e) {
            ctl.saveError(e);
        }
        try {
            line(ctl, "Managed save:", dom.hasManagedSaveImage(0) ? "yes" : "no");
        } catch (VirException e) {
            ctl.saveError(e);
            line(ctl, "Managed save:", "unknown");
        }
        SecurityModel model = null;
        try {
            model = ctl.conn().nodeGetSecurityModel();
        } catch (VirException e) {
            if (e.code() != VirErrorCode.NO_SUPPORT.wireValue()) {
                ctl.saveError(e);
                return false;
            }
            ctl.resetError();
        }
        if (model != null && !model.model().isEmpty()) {
            line(ctl, "Security model:", model.model());
            line(ctl, "Security DOI:", model.doi());
            SecurityLabel label;
            try {
                label = dom.getSecurityLabel();
            } catch (VirException e) {
                ctl.saveError(e);
                return false;
            }
            if (!label.label().isEmpty()) {
                line(ctl, "Security label:", label.label() + " (" + (label.enforcing() ? "enforcing" : "permissive") + ")");
            }
        }
        try {
            List<String> messages = dom.getMessages(0);
            for (int i = 0; i < messages.size(); i++) {
                line(ctl, i == 0 ? "Messages:" : "", messages.get(i));
            }
        } catch (VirException e) {
            ctl.saveError(e);
        }
        return ret;
    }

    private static void line(Virsh ctl, String label, String value) {
        ctl.printf("%-15s %s\n", label, value);
    }
}
