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

/** {@code domblklist DOMAIN [--inactive] [--details]}: the disks of the domain XML as a table. */
@Command(name = "domblklist", header = "list all domain blocks",
        description = "Get the summary of block devices for a domain.")
public final class DomblklistCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--inactive", description = "get inactive rather than running configuration")
    boolean inactive;

    @Option(names = "--details", description = "additionally display the type and device value")
    boolean details;

    @Override
    public boolean run(Virsh ctl) {
        XmlDoc xml = XmlDoc.ofDomain(ctl, ctl.commandOptDomain(), inactive ? Flags.XML_INACTIVE : 0);
        Table table = details ? new Table("Type", "Device", "Target", "Source") : new Table("Target", "Source");
        for (Node disk : xml.nodes("./devices/disk")) {
            xml.at(disk);
            String type = xml.string("string(./@type)");
            String device = null;
            if (details) {
                device = xml.string("string(./@device)");
                if (type == null || device == null) {
                    ctl.print("unable to query block list details");
                    return false;
                }
            }
            String target = xml.string("string(./target/@dev)");
            if (target == null) {
                throw ctl.fail("unable to query block list");
            }
            String source;
            if ("nvme".equals(type)) {
                source = nvmeSource(ctl, xml);
            } else {
                source = xml.string("string(./source/@file|./source/@dev|./source/@dir|./source/@name"
                        + "|./source/@volume|./source/@path)");
            }
            if (details) {
                table.add(type, device, target, source == null ? "-" : source);
            } else {
                table.add(target, source == null ? "-" : source);
            }
        }
        ctl.print(table.format());
        return true;
    }

    private static String nvmeSource(Virsh ctl, XmlDoc xml) {
        String namespace = xml.string("string(./source/@namespace)");
        if (namespace == null || xml.nodes("./source/address").isEmpty()) {
            throw ctl.fail("Unable to query NVMe disk address");
        }
        int[] addr = new int[4];
        String[] attrs = {"domain", "bus", "slot", "function"};
        for (int i = 0; i < attrs.length; i++) {
            String v = xml.string("string(./source/address/@" + attrs[i] + ")");
            Long n = v == null ? Long.valueOf(0) : PciNumbers.parse(v);
            if (n == null) {
                throw ctl.fail("Unable to query NVMe disk address");
            }
            addr[i] = n.intValue();
        }
        return String.format("nvme://%04x:%02x:%02x.%d/%s", addr[0], addr[1], addr[2], addr[3], namespace);
    }
}
