package org.virtd.virsh.command.monitor;

import java.util.List;
import org.virtd.api.Flags;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.xml.XmlDoc;
import org.w3c.dom.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domif-getlink DOMAIN INTERFACE [--config]}: an interface's link state from the domain XML. */
@Command(name = "domif-getlink", header = "get link state of a virtual interface",
        description = "Get link state of a domain's virtual interface.")
public final class DomifGetlinkCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--interface", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "interface device (MAC Address)")
    String iface;

    @Option(names = {"--config", "--persistent"}, description = "Get persistent interface state")
    boolean config;

    @Override
    public boolean run(Virsh ctl) {
        String name = ctl.optStringReq("interface");
        XmlDoc xml = XmlDoc.ofDomain(ctl, ctl.commandOptDomain(), config ? Flags.XML_INACTIVE : 0);
        String mac = normalizedMac(name);
        List<Node> found = xml.nodes("/domain/devices/interface[(mac/@address = '" + (mac == null ? "" : mac)
                + "') or (target/@dev = '" + name.replace("'", "") + "')]");
        if (found.isEmpty()) {
            throw ctl.fail(mac != null ? "Interface (mac: " + mac + ") not found."
                    : "Interface (dev: " + name + ") not found.");
        }
        if (found.size() > 1) {
            throw ctl.fail("multiple matching interfaces found");
        }
        xml.at(found.get(0));
        String state = xml.string("string(./link/@state)");
        // virsh prints no newline here.
        ctl.print(name + " " + (state != null ? state : "up"));
        return true;
    }

    /** libvirt's virMacAddrParse + virMacAddrFormat: six ':'-separated hex bytes, written as two lowercase digits. */
    static String normalizedMac(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length != 6) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            if (b.length() > 0) {
                b.append(':');
            }
            b.append(String.format("%02x", Integer.parseInt(p, 16)));
        }
        return b.toString();
    }
}
