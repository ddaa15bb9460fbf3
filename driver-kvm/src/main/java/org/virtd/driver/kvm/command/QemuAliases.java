package org.virtd.driver.kvm.command;

import org.virtd.xml.DomainDefaults;
import org.virtd.xml.domain.Address;
import org.virtd.xml.domain.Controller;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Interface;

/**
 * libvirt's QEMU device aliases (the {@code id=} of each device, and {@code <alias name>} in live XML): derived
 * from the device's kind, position and address, never stored, so the builder and the live XML agree.
 */
public final class QemuAliases {
    private QemuAliases() {
    }

    /** A controller's alias: {@code pci.N} / {@code pcie.0}, the built-in {@code ide} and {@code usb}, else TYPE+N. */
    public static String controller(Domain d, String type, int index, String model) {
        if (model == null) {
            Controller c = Dom.controller(d, type, index);
            model = c == null ? null : c.model;
        }
        switch (type) {
            case "pci":
                return "pcie-root".equals(model) ? "pcie." + index : "pci." + index;
            case "ide":
                if (index == 0 && Dom.isI440fx(d)) {
                    return "ide";
                }
                break;
            case "sata":
                if (index == 0 && Dom.isQ35(d)) {
                    return "ide";
                }
                break;
            case "usb":
                if (index == 0) {
                    return "usb";
                }
                break;
            default:
                break;
        }
        return type + index;
    }

    /** A disk's alias: {@code ide0-0-1}, {@code scsi0-0-0-0}, {@code virtio-disk2}, {@code fdc0-0-0}. */
    public static String disk(Domain d, Disk disk) {
        String bus = disk.target.bus;
        Address a = disk.address;
        if (a != null && "drive".equals(a.type)) {
            int ctl = Dom.num(a.controller, 0);
            int b = Dom.num(a.bus, 0);
            int unit = Dom.num(a.unit, 0);
            if ("scsi".equals(bus)) {
                Controller c = Dom.controller(d, "scsi", ctl);
                String model = c == null || c.model == null ? "lsilogic" : c.model;
                if (!"lsilogic".equals(model)) {
                    return "scsi" + ctl + "-" + b + "-" + Dom.num(a.target, 0) + "-" + unit;
                }
            }
            return bus + ctl + "-" + b + "-" + unit;
        }
        return bus + "-disk" + DomainDefaults.diskIndex(disk.target.dev);
    }

    /** An interface's alias: {@code net} + its position (libvirt keeps a user alias starting {@code ua-}). */
    public static String net(Interface nic, int position) {
        String user = Dom.alias(nic.alias);
        if (user != null && user.startsWith("ua-")) {
            return user;
        }
        return "net" + position;
    }
}
