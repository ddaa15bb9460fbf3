package org.virtd.virsh.command.domain;

import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code start DOMAIN [--paused] [--autodestroy] [--bypass-cache] [--force-boot] [--reset-nvram]}: looked up by
 * UUID or name only; DOMAIN_CREATE without flags, CREATE_WITH_FLAGS otherwise (with virsh's emulation of
 * --force-boot for servers that reject it).
 */
@Command(name = "start", header = "start a (previously defined) inactive domain",
        description = "Start a domain, either from the last managedsave\n    state, or via a fresh boot if no managedsave state\n    is present.")
public final class StartCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "name of the inactive domain")
    String domain;

    @Option(names = "--console", description = "attach to console after creation")
    boolean console;

    @Option(names = "--paused", description = "leave the guest paused after creation")
    boolean paused;

    @Option(names = "--autodestroy", description = "automatically destroy the guest when virsh disconnects")
    boolean autodestroy;

    @Option(names = "--bypass-cache", description = "avoid file system cache when loading")
    boolean bypassCache;

    @Option(names = "--force-boot", description = "force fresh boot by discarding any managed save")
    boolean forceBoot;

    @Option(names = "--pass-fds", paramLabel = OptionType.LABEL_STRING,
            description = "pass file descriptors N,M,... to the guest")
    String passFds;

    @Option(names = "--reset-nvram", description = "re-initialize NVRAM from its pristine template")
    boolean resetNvram;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomainBy(Virsh.BY_NAME | Virsh.BY_UUID);
        if (dom.id() != -1) {
            throw ctl.fail("Domain is already active");
        }
        if (ctl.optStringReq("pass-fds") != null) {
            throw ctl.fail("--pass-fds is not supported by this virsh yet");
        }
        int flags = (paused ? Flags.START_PAUSED : 0) | (autodestroy ? Flags.START_AUTODESTROY : 0)
                | (bypassCache ? Flags.START_BYPASS_CACHE : 0) | (forceBoot ? Flags.START_FORCE_BOOT : 0)
                | (resetNvram ? Flags.START_RESET_NVRAM : 0);
        if ((flags & Flags.START_FORCE_BOOT) != 0) {
            try {
                dom = dom.createWithFlags(flags);
                return started(ctl, dom);
            } catch (VirException e) {
                if (e.code() != VirErrorCode.NO_SUPPORT.wireValue()
                        && e.code() != VirErrorCode.INVALID_ARG.wireValue()) {
                    ctl.saveError(e);
                    ctl.reportError();
                    return false;
                }
            }
            // Nothing to discard: there is no managed-save removal in this release's API yet.
            flags &= ~Flags.START_FORCE_BOOT;
        }
        try {
            dom = flags != 0 ? dom.createWithFlags(flags) : dom.create();
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to start domain '" + dom.name() + "'");
        }
        return started(ctl, dom);
    }

    private boolean started(Virsh ctl, Domain dom) {
        ctl.printExtra("Domain '" + dom.name() + "' started\n");
        if (console) {
            throw ctl.fail("--console is not supported by this virsh yet");
        }
        return true;
    }
}
