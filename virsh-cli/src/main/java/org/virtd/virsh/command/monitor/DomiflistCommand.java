package org.virtd.virsh.command.monitor;

import org.virtd.api.Flags;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.Table;
import org.virtd.virsh.xml.XmlDoc;
import org.w3c.dom.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domiflist DOMAIN [--inactive]}: the interfaces of the domain XML as a table. */
@Command(name = "domiflist", header = "list all domain virtual interfaces",
        description = "Get the summary of virtual interfaces for a domain.")
public final class DomiflistCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--inactive", description = "get inactive rather than running configuration")
    boolean inactive;

    @Override
    public boolean run(Virsh ctl) {
        XmlDoc xml = XmlDoc.ofDomain(ctl, ctl.commandOptDomain(), inactive ? Flags.XML_INACTIVE : 0);
        Table table = new Table("Interface", "Type", "Source", "Model", "MAC");
        for (Node iface : xml.nodes("./devices/interface")) {
            xml.at(iface);
            String type = xml.string("string(./@type)");
            String source = xml.string("string(./source/@bridge|./source/@dev|./source/@network|./source/@name"
                    + "|./source/@path)");
            String target = xml.string("string(./target/@dev)");
            String model = xml.string("string(./model/@type)");
            String mac = xml.string("string(./mac/@address)");
            table.add(dash(target), type == null ? "(null)" : type, dash(source), dash(model), dash(mac));
        }
        ctl.print(table.format());
        return true;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
