package org.virtd.virsh.command.domain;

import org.virtd.api.Flags;
import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code create FILE [--paused] [--autodestroy] [--validate] [--reset-nvram]}: DOMAIN_CREATE_XML. */
@Command(name = "create", header = "create a domain from an XML file", description = "Create a domain.")
public final class CreateCommand implements VshCommand {
    @Option(names = "--file", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "file containing an XML domain description")
    String file;

    @Option(names = "--console", description = "attach to console after creation")
    boolean console;

    @Option(names = "--paused", description = "leave the guest paused after creation")
    boolean paused;

    @Option(names = "--autodestroy", description = "automatically destroy the guest when virsh disconnects")
    boolean autodestroy;

    @Option(names = "--pass-fds", paramLabel = OptionType.LABEL_STRING,
            description = "pass file descriptors N,M,... to the guest")
    String passFds;

    @Option(names = "--validate", description = "validate the XML against the schema")
    boolean validate;

    @Option(names = "--reset-nvram", description = "re-initialize NVRAM from its pristine template")
    boolean resetNvram;

    @Override
    public boolean run(Virsh ctl) {
        String from = ctl.optStringReq("file");
        String xml = XmlFiles.read(ctl, from);
        if (ctl.optStringReq("pass-fds") != null) {
            throw ctl.fail("--pass-fds is not supported by this virsh yet");
        }
        int flags = (paused ? Flags.START_PAUSED : 0) | (autodestroy ? Flags.START_AUTODESTROY : 0)
                | (validate ? Flags.START_VALIDATE : 0) | (resetNvram ? Flags.START_RESET_NVRAM : 0);
        Domain dom;
        try {
            dom = ctl.conn().createXml(xml, flags);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to create domain from " + from);
        }
        ctl.printExtra("Domain '" + dom.name() + "' created from " + from + "\n");
        if (console) {
            ctl.error("--console is not supported by this virsh yet");
        }
        return true;
    }
}
