package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.VshOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domxml-to-native FORMAT (--domain D | XMLFILE)}: the driver converts domain XML to its native format. */
@Command(name = "domxml-to-native", header = "Convert domain XML to native config",
        description = "Convert domain XML config to a native guest configuration format.")
public final class DomxmlToNativeCommand implements VshCommand {
    @Option(names = "--format", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "target config data type format")
    String format;

    @VshOption(requireName = true)
    @Option(names = "--domain", paramLabel = OptionType.LABEL_STRING, description = "domain name, id or uuid")
    String domain;

    @Option(names = "--xml", paramLabel = OptionType.LABEL_STRING, description = "xml data file to export from")
    String xml;

    @Override
    public boolean run(Virsh ctl) {
        String fmt = ctl.optStringReq("format");
        String xmlFile = ctl.optStringReq("xml");
        ctl.exclusive("domain", "xml");
        String xmlData;
        if (ctl.has("domain")) {
            Domain dom = ctl.commandOptDomain();
            try {
                xmlData = dom.getXmlDesc(0);
            } catch (VirException e) {
                throw ctl.fail(e, "failed to retrieve XML");
            }
        } else if (xmlFile != null) {
            xmlData = XmlFiles.read(ctl, xmlFile);
        } else {
            throw ctl.fail("need either domain or domain XML");
        }
        ctl.print(ctl.conn().domainXmlToNative(fmt, xmlData, 0));
        return true;
    }
}
