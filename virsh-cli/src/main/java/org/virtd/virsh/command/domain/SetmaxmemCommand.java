package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code setmaxmem DOMAIN SIZE [--config] [--live] [--current]}: SET_MEMORY_FLAGS with MEM_MAXIMUM. */
@Command(name = "setmaxmem", header = "change maximum memory limit",
        description = "Change the maximum memory allocation limit in the guest domain.")
public final class SetmaxmemCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = {"--size", "--kilobytes"}, required = true, paramLabel = OptionType.LABEL_INT,
            description = "new maximum memory size, as scaled integer (default KiB)")
    String size;

    @Option(names = "--config", description = "affect next boot")
    boolean config;

    @Option(names = "--live", description = "affect running domain")
    boolean live;

    @Option(names = "--current", description = "affect current domain")
    boolean current;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("current", current, "live", live);
        ctl.exclusive("current", current, "config", config);
        int flags = Flags.AFFECT_CURRENT | (config ? Flags.AFFECT_CONFIG : 0) | (live ? Flags.AFFECT_LIVE : 0);
        Domain dom = ctl.commandOptDomain();
        long kib = MemorySize.kib(ctl);
        try {
            dom.setMemoryFlags(kib, flags | Flags.MEM_MAXIMUM);
        } catch (VirException e) {
            throw ctl.fail(e, "Unable to change MaxMemorySize");
        }
        return true;
    }
}
