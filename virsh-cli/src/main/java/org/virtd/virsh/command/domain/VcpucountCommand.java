package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vcpucount DOMAIN [...]}: without options, the four counts (config/live × maximum/current) that apply to
 * the domain's state; otherwise the one count asked for.
 */
@Command(name = "vcpucount", header = "domain vcpu counts",
        description = "Returns the number of virtual CPUs used by the domain.")
public final class VcpucountCommand implements VshCommand {
    private static final int NOT_APPLICABLE = -1;
    private static final int FAILED = -2;

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--maximum", description = "get maximum count of vcpus")
    boolean maximum;

    @Option(names = "--active", description = "get number of currently active vcpus")
    boolean active;

    @Option(names = "--live", description = "get value from running domain")
    boolean live;

    @Option(names = "--config", description = "get value to be used on next boot")
    boolean config;

    @Option(names = "--current", description = "get value according to current domain state")
    boolean current;

    @Option(names = "--guest", description = "retrieve vcpu count from the guest instead of the hypervisor")
    boolean guest;

    @Override
    public boolean run(Virsh ctl) {
        boolean all = !maximum && !active && !current && !config && !live && !guest;
        boolean cur = current;
        // Before AFFECT_CURRENT existed --current meant "not --maximum"; virsh still reads it that way alone.
        if (!maximum && !active && cur) {
            cur = false;
        }
        ctl.exclusive("live", live, "config", config);
        ctl.exclusive("current", cur, "live", live);
        ctl.exclusive("current", cur, "config", config);
        ctl.exclusive("active", active, "maximum", maximum);
        ctl.exclusive("guest", guest, "config", config);
        int flags = (live ? Flags.AFFECT_LIVE : 0) | (config ? Flags.AFFECT_CONFIG : 0)
                | (maximum ? Flags.VCPU_MAXIMUM : 0) | (guest ? Flags.VCPU_GUEST : 0);
        Domain dom = ctl.commandOptDomain();
        if (all) {
            int confMax = collect(ctl, dom, Flags.AFFECT_CONFIG | Flags.VCPU_MAXIMUM, true);
            int confCur = collect(ctl, dom, Flags.AFFECT_CONFIG, true);
            int liveMax = collect(ctl, dom, Flags.AFFECT_LIVE | Flags.VCPU_MAXIMUM, true);
            int liveCur = collect(ctl, dom, Flags.AFFECT_LIVE, true);
            if (confMax == FAILED || confCur == FAILED || liveMax == FAILED || liveCur == FAILED) {
                return false;
            }
            row(ctl, confMax, "maximum", "config");
            row(ctl, liveMax, "maximum", "live");
            row(ctl, confCur, "current", "config");
            row(ctl, liveCur, "current", "live");
        } else {
            int n = collect(ctl, dom, flags, false);
            if (n < 0) {
                return false;
            }
            ctl.print(n + "\n");
        }
        return true;
    }

    private static void row(Virsh ctl, int count, String which, String state) {
        if (count > 0) {
            ctl.printf("%-12s %-12s %3d\n", which, state, count);
        }
    }

    /** virsh's count collection; with {@code checkState}, counts that cannot apply to the domain are skipped. */
    private static int collect(Virsh ctl, Domain dom, int flags, boolean checkState) {
        try {
            if (checkState && (((flags & Flags.AFFECT_LIVE) != 0 && !dom.isActive())
                    || ((flags & Flags.AFFECT_CONFIG) != 0 && !dom.isPersistent()))) {
                return NOT_APPLICABLE;
            }
        } catch (VirException e) {
            ctl.saveError(e);
            return NOT_APPLICABLE;
        }
        try {
            return dom.getVcpusFlags(flags);
        } catch (VirException e) {
            ctl.saveError(e);
            if (e.code() != VirErrorCode.NO_SUPPORT.wireValue() && e.code() != VirErrorCode.INVALID_ARG.wireValue()) {
                return FAILED;
            }
        }
        if ((flags & Flags.VCPU_GUEST) != 0) {
            ctl.error("Failed to retrieve vCPU count from the guest");
            return FAILED;
        }
        try {
            if ((flags & (Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG)) == 0 && dom.isActive()) {
                flags |= Flags.AFFECT_LIVE;
            }
            ctl.resetError();
            if ((flags & Flags.AFFECT_LIVE) != 0) {
                return (flags & Flags.VCPU_MAXIMUM) != 0 ? dom.getMaxVcpus() : dom.getInfo().nrVirtCpu();
            }
        } catch (VirException e) {
            ctl.saveError(e);
            return FAILED;
        }
        ctl.error((flags & Flags.VCPU_MAXIMUM) != 0 ? "Failed to retrieve maximum vcpu count"
                : "Failed to retrieve current vcpu count");
        return FAILED;
    }
}
