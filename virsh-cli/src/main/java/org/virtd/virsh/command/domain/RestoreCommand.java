package org.virtd.virsh.command.domain;

import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code restore FILE [--bypass-cache] [--xml F] [--running|--paused] [--reset-nvram]}: virDomainRestore, or
 * virDomainRestoreFlags when a flag or {@code --xml} is given.
 */
@Command(name = "restore", header = "restore a domain from a saved state in a file", description = "Restore a domain.")
public final class RestoreCommand implements VshCommand {
    @Option(names = "--file", required = true, paramLabel = OptionType.LABEL_DATA, description = "the state to restore")
    String file;

    @Option(names = "--bypass-cache", description = "avoid file system cache when restoring")
    boolean bypassCache;

    @Option(names = "--xml", paramLabel = OptionType.LABEL_STRING,
            description = "filename containing updated XML for the target")
    String xml;

    @Option(names = "--running", description = "restore domain into running state")
    boolean running;

    @Option(names = "--paused", description = "restore domain into paused state")
    boolean paused;

    @Option(names = "--reset-nvram", description = "re-initialize NVRAM from its pristine template")
    boolean resetNvram;

    @Override
    public boolean run(Virsh ctl) {
        String from = ctl.optStringReq("file");
        int flags = (bypassCache ? Flags.SAVE_BYPASS_CACHE : 0) | (running ? Flags.SAVE_RUNNING : 0)
                | (paused ? Flags.SAVE_PAUSED : 0) | (resetNvram ? Flags.SAVE_RESET_NVRAM : 0);
        String xmlFile = ctl.optStringReq("xml");
        String dxml = xmlFile == null ? null : XmlFiles.read(ctl, xmlFile);
        try {
            if (flags != 0 || dxml != null) {
                ctl.conn().domainRestoreFlags(from, dxml, flags);
            } else {
                ctl.conn().domainRestore(from);
            }
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to restore domain from " + from);
        }
        ctl.printExtra("Domain restored from " + from + "\n");
        return true;
    }
}
