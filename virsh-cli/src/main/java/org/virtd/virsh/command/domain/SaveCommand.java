package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code save DOMAIN FILE [--bypass-cache] [--xml F] [--running|--paused] [--verbose]}: virDomainSave, or
 * virDomainSaveFlags when a flag or {@code --xml} is given; watched as a job.
 */
@Command(name = "save", header = "save a domain state to a file", description = "Save the RAM state of a running domain.")
public final class SaveCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--file", required = true, paramLabel = OptionType.LABEL_DATA, description = "where to save the data")
    String file;

    @Option(names = "--bypass-cache", description = "avoid file system cache when saving")
    boolean bypassCache;

    @Option(names = "--xml", paramLabel = OptionType.LABEL_STRING,
            description = "filename containing updated XML for the target")
    String xml;

    @Option(names = "--running", description = "set domain to be running on restore")
    boolean running;

    @Option(names = "--paused", description = "set domain to be paused on restore")
    boolean paused;

    @Option(names = "--verbose", description = "display the progress of save")
    boolean verbose;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String to = ctl.optStringReq("file");
        String name = ctl.optStringReq("domain");
        boolean ok = JobWatch.run(ctl, dom, verbose, "Save", () -> {
            int flags = (bypassCache ? Flags.SAVE_BYPASS_CACHE : 0) | (running ? Flags.SAVE_RUNNING : 0)
                    | (paused ? Flags.SAVE_PAUSED : 0);
            String xmlFile = ctl.optStringReq("xml");
            String dxml = null;
            if (xmlFile != null) {
                dxml = XmlFiles.read(ctl, xmlFile);
            }
            try {
                if (flags != 0 || dxml != null) {
                    dom.saveFlags(to, dxml, flags);
                } else {
                    dom.save(to);
                }
            } catch (VirException e) {
                throw ctl.fail(e, "Failed to save domain '" + name + "' to " + to);
            }
            return true;
        });
        if (ok) {
            ctl.printExtra("\nDomain '" + name + "' saved to " + to + "\n");
        }
        return ok;
    }
}
