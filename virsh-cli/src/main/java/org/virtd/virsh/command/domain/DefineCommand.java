package org.virtd.virsh.command.domain;

import org.virtd.api.Flags;
import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code define FILE [--validate]}: DOMAIN_DEFINE_XML, or DEFINE_XML_FLAGS with --validate. */
@Command(name = "define", header = "define (but don't start) a domain from an XML file",
        description = "Define a domain.")
public final class DefineCommand implements VshCommand {
    @Option(names = "--file", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "file containing an XML domain description")
    String file;

    @Option(names = "--validate", description = "validate the XML against the schema")
    boolean validate;

    @Override
    public boolean run(Virsh ctl) {
        String from = ctl.optStringReq("file");
        String xml = XmlFiles.read(ctl, from);
        Domain dom;
        try {
            dom = validate ? ctl.conn().defineXmlFlags(xml, Flags.DEFINE_VALIDATE) : ctl.conn().defineXml(xml);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to define domain from " + from);
        }
        ctl.printExtra("Domain '" + dom.name() + "' defined from " + from + "\n");
        return true;
    }
}
