package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code setvcpus DOMAIN COUNT [...]}: the legacy SET_VCPUS without options, SET_VCPUS_FLAGS with any. */
@Command(name = "setvcpus", header = "change number of virtual CPUs",
        description = "Change the number of virtual CPUs in the guest domain.")
public final class SetvcpusCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--count", required = true, paramLabel = OptionType.LABEL_INT, description = "number of virtual CPUs")
    String count;

    @Option(names = "--maximum", description = "set maximum limit on next boot")
    boolean maximum;

    @Option(names = "--config", description = "affect next boot")
    boolean config;

    @Option(names = "--live", description = "affect running domain")
    boolean live;

    @Option(names = "--current", description = "affect current domain")
    boolean current;

    @Option(names = "--guest", description = "modify cpu state in the guest")
    boolean guest;

    @Option(names = "--hotpluggable", description = "make added vcpus hot(un)pluggable")
    boolean hotpluggable;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("current", current, "live", live);
        ctl.exclusive("current", current, "config", config);
        ctl.exclusive("guest", guest, "config", config);
        ctl.require("maximum", maximum, "config", config);
        int flags = (config ? Flags.AFFECT_CONFIG : 0) | (live ? Flags.AFFECT_LIVE : 0)
                | (guest ? Flags.VCPU_GUEST : 0) | (maximum ? Flags.VCPU_MAXIMUM : 0)
                | (hotpluggable ? Flags.VCPU_HOTPLUGGABLE : 0);
        Domain dom = ctl.commandOptDomain();
        long n = ctl.optUInt("count");
        if (n == 0) {
            throw ctl.fail("Can't set 0 processors for a VM");
        }
        if (!current && flags == 0) {
            dom.setVcpus((int) n);
        } else {
            dom.setVcpusFlags((int) n, flags);
        }
        return true;
    }
}
