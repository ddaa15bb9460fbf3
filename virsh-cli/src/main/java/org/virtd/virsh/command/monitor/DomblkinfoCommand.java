package org.virtd.virsh.command.monitor;

import org.virtd.api.Domain;
import org.virtd.api.DomainBlockInfo;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.Capacity;
import org.virtd.virsh.format.Table;
import org.virtd.virsh.xml.XmlDoc;
import org.w3c.dom.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domblkinfo DOMAIN (DEVICE | --all) [--human]}: capacity, allocation and physical size of disks. */
@Command(name = "domblkinfo", header = "domain block device size information",
        description = "Get block device size info for a domain.")
public final class DomblkinfoCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--device", paramLabel = OptionType.LABEL_STRING, description = "block device")
    String device;

    @Option(names = "--human", description = "Human readable output")
    boolean human;

    @Option(names = "--all", description = "display all block devices info")
    boolean all;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("all", "device");
        Domain dom = ctl.commandOptDomain();
        String dev = ctl.optStringQuiet("device");
        if (!all && (dev == null || dev.isEmpty())) {
            throw ctl.fail("command 'domblkinfo' requires <device> option");
        }
        if (!all) {
            String[] v = sizes(dom.getBlockInfo(dev, 0));
            ctl.printf("%-15s %s\n", "Capacity:", v[0]);
            ctl.printf("%-15s %s\n", "Allocation:", v[1]);
            ctl.printf("%-15s %s\n", "Physical:", v[2]);
            return true;
        }
        boolean active = isActive(dom);
        XmlDoc xml = XmlDoc.ofDomain(ctl, dom, 0);
        Table table = new Table("Target", "Capacity", "Allocation", "Physical");
        for (Node disk : xml.nodes("./devices/disk")) {
            xml.at(disk);
            String protocol = xml.string("string(./source/@protocol)");
            String target = xml.string("string(./target/@dev)");
            DomainBlockInfo info = new DomainBlockInfo(0, 0, 0);
            if (!xml.nodes("./source").isEmpty()) {
                try {
                    info = dom.getBlockInfo(target, 0);
                } catch (VirException e) {
                    // Networked storage of an inactive domain has no statistics: zeros, as virsh shows them.
                    if (protocol == null || active || e.code() != VirErrorCode.INTERNAL_ERROR.wireValue()
                            || e.domain() != VirErrorDomain.STORAGE.wireValue()) {
                        throw e;
                    }
                }
            }
            String[] v = sizes(info);
            table.add(target == null ? "(null)" : target, v[0], v[1], v[2]);
        }
        ctl.print(table.format());
        return true;
    }

    private String[] sizes(DomainBlockInfo i) {
        if (i.capacity() == 0 && i.allocation() == 0 && i.physical() == 0) {
            return new String[] {"-", "-", "-"};
        }
        if (!human) {
            return new String[] {Long.toUnsignedString(i.capacity()), Long.toUnsignedString(i.allocation()),
                Long.toUnsignedString(i.physical())};
        }
        return new String[] {Capacity.pretty(i.capacity()), Capacity.pretty(i.allocation()),
            Capacity.pretty(i.physical())};
    }

    private static boolean isActive(Domain dom) {
        try {
            return dom.isActive();
        } catch (VirException e) {
            return false;
        }
    }
}
