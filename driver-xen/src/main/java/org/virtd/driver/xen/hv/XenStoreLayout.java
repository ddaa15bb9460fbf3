package org.virtd.driver.xen.hv;

import java.util.ArrayList;
import java.util.List;
import org.virtd.driver.xen.store.Perm;
import org.virtd.driver.xen.store.XenStoreClient;
import org.virtd.driver.xen.store.XsError;
import org.virtd.driver.xen.store.XsException;
import org.virtd.xml.domain.Disk;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Interface;

/**
 * What libxl writes in XenStore for a domain, and removes again: {@code /local/domain/<id>} (name, domid, vm,
 * memory, cpu availability, control with the guest-writable shutdown node, store, console, device front-ends),
 * {@code /vm/<uuid>}, {@code /libxl/<id>}, and the back-ends under {@code /local/domain/0/backend}, with libxl's
 * permissions: the domain may read its own tree (owner dom0, {@code r<id>}), and owns the nodes it must write
 * (control/shutdown, data, drivers, feature, attr, error, device front-ends). The domain is then introduced to
 * xenstored ({@code @introduceDomain}); on destroy everything goes and it is released ({@code @releaseDomain}).
 * The store page and event channel of a real domain are the hypervisor's; a simulated one gets 0s.
 */
final class XenStoreLayout {
    /** Per-domain nodes through which tests steer a simulated guest (read by {@link SimXenHypervisor}). */
    static final String SIM_CONTROL = "virtd-sim";
    private final XenStoreClient xs;

    XenStoreLayout(XenStoreClient xs) { this.xs = xs; }

    static String domainPath(int domid) { return "/local/domain/" + domid; }

    void create(int domid, Domain def, String type) throws XsException {
        String dom = domainPath(domid);
        String vm = "/vm/" + def.uuid;
        String libxl = "/libxl/" + domid;
        List<Perm> ro = List.of(new Perm(0, 'n'), new Perm(domid, 'r'));
        List<Perm> rw = List.of(new Perm(domid, 'n'));
        List<Perm> none = List.of(new Perm(0, 'n'));
        long maxKib = Long.parseLong(def.memory.value.trim());
        long targetKib = def.currentMemory != null ? Long.parseLong(def.currentMemory.value.trim()) : maxKib;
        int maxVcpus = def.vcpu == null ? 1 : Integer.parseInt(def.vcpu.count.trim());
        int vcpus = def.vcpu != null && def.vcpu.current != null ? Integer.parseInt(def.vcpu.current.trim()) : maxVcpus;
        xs.transaction(tx -> {
            for (String p : List.of(dom, vm, libxl)) rmQuietly(tx, p);
            node(tx, dom, ro);
            node(tx, vm, ro);
            node(tx, libxl, none);
            node(tx, libxl + "/device", none);
            tx.write(dom + "/vm", vm);
            tx.write(dom + "/name", def.name);
            node(tx, dom + "/cpu", ro);
            node(tx, dom + "/memory", ro);
            node(tx, dom + "/device", ro);
            node(tx, dom + "/device/suspend/event-channel", rw);
            node(tx, dom + "/control", ro);
            for (String c : List.of("shutdown", "feature-poweroff", "feature-reboot", "feature-suspend", "sysrq")) {
                node(tx, dom + "/control/" + c, rw);
            }
            for (String d : List.of("data", "drivers", "feature", "attr", "error")) node(tx, dom + "/" + d, rw);
            tx.write(vm + "/uuid", def.uuid);
            tx.write(vm + "/name", def.name);
            tx.write(dom + "/control/platform-feature-multiprocessor-suspend", "1");
            tx.write(dom + "/control/platform-feature-xs_reset_watches", "1");
            tx.write(libxl + "/type", type);
            // What the build adds (libxl__build_post).
            tx.write(dom + "/memory/static-max", Long.toString(maxKib));
            tx.write(dom + "/memory/target", Long.toString(targetKib));
            tx.write(dom + "/memory/videoram", "-1");
            tx.write(dom + "/domid", Integer.toString(domid));
            tx.write(dom + "/store/port", "0");
            tx.write(dom + "/store/ring-ref", "0");
            for (int i = 0; i < maxVcpus; i++) tx.write(dom + "/cpu/" + i + "/availability", i < vcpus ? "online" : "offline");
            tx.write(vm + "/start_time", String.format("%.2f", System.currentTimeMillis() / 1000.0));
            console(tx, domid, ro);
            if (def.devices != null) {
                int devid = 51712; // xvda's device number; the next disks follow it
                for (Disk disk : def.devices.disk) vbd(tx, domid, devid++, disk);
                int n = 0;
                for (Interface nic : def.devices.interfaces) vif(tx, domid, n++, nic);
            }
            return null;
        });
        xs.introduce(domid, 0, 0);
    }

    private void console(XenStoreClient.Tx tx, int domid, List<Perm> ro) throws XsException {
        String front = domainPath(domid) + "/console";
        String back = "/local/domain/0/backend/console/" + domid + "/0";
        node(tx, front, ro);
        tx.write(front + "/backend", back);
        tx.write(front + "/backend-id", "0");
        tx.write(front + "/limit", "1048576");
        tx.write(front + "/type", "xenconsoled");
        tx.write(front + "/output", "pty");
        tx.write(front + "/tty", "");
        tx.write(front + "/port", "0");
        tx.write(front + "/ring-ref", "0");
        backend(tx, back, domid, front, List.of("protocol", "vt100"));
    }

    private void vbd(XenStoreClient.Tx tx, int domid, int devid, Disk disk) throws XsException {
        String front = domainPath(domid) + "/device/vbd/" + devid;
        String back = "/local/domain/0/backend/vbd/" + domid + "/" + devid;
        String target = disk.target == null ? "xvda" : disk.target.dev;
        String source = disk.source == null || disk.source.file == null ? "" : disk.source.file;
        frontend(tx, domid, front, back, List.of("virtual-device", Integer.toString(devid), "device-type",
                disk.device == null ? "disk" : disk.device));
        backend(tx, back, domid, front, List.of("params", source, "type", "phy", "mode", disk.readonly != null ? "r" : "w",
                "dev", target, "removable", "0", "bootable", "1", "device-type", disk.device == null ? "disk" : disk.device));
    }

    private void vif(XenStoreClient.Tx tx, int domid, int devid, Interface nic) throws XsException {
        String front = domainPath(domid) + "/device/vif/" + devid;
        String back = "/local/domain/0/backend/vif/" + domid + "/" + devid;
        String mac = nic.mac == null || nic.mac.attribute("address") == null ? "" : nic.mac.attribute("address");
        frontend(tx, domid, front, back, List.of("handle", Integer.toString(devid), "mac", mac));
        List<String> kv = new ArrayList<>(List.of("handle", Integer.toString(devid), "mac", mac, "type", "vif",
                "script", "/etc/xen/scripts/vif-bridge"));
        if (nic.source != null && nic.source.bridge != null) kv.addAll(List.of("bridge", nic.source.bridge));
        backend(tx, back, domid, front, kv);
    }

    /** A front-end: the domain owns it, the back-end domain (dom0) may read it. */
    private void frontend(XenStoreClient.Tx tx, int domid, String front, String back, List<String> kv) throws XsException {
        node(tx, front, List.of(new Perm(domid, 'n'), new Perm(0, 'r')));
        tx.write(front + "/backend", back);
        tx.write(front + "/backend-id", "0");
        tx.write(front + "/state", "1");
        for (int i = 0; i < kv.size(); i += 2) tx.write(front + "/" + kv.get(i), kv.get(i + 1));
    }

    /** A back-end: dom0 owns it, the domain may read it. */
    private void backend(XenStoreClient.Tx tx, String back, int domid, String front, List<String> kv) throws XsException {
        node(tx, back, List.of(new Perm(0, 'n'), new Perm(domid, 'r')));
        tx.write(back + "/frontend", front);
        tx.write(back + "/frontend-id", Integer.toString(domid));
        tx.write(back + "/online", "1");
        tx.write(back + "/state", "1");
        for (int i = 0; i < kv.size(); i += 2) tx.write(back + "/" + kv.get(i), kv.get(i + 1));
    }

    private static void node(XenStoreClient.Tx tx, String path, List<Perm> perms) throws XsException {
        tx.mkdir(path);
        tx.setPerms(path, perms);
    }

    private static void rmQuietly(XenStoreClient.Tx tx, String path) throws XsException {
        try {
            tx.rm(path);
        } catch (XsException e) {
            if (e.error() != XsError.ENOENT) throw e;
        }
    }

    /** Removes a domain's trees and back-ends and releases it (fires @releaseDomain). */
    void destroy(int domid, String uuid) throws XsException {
        xs.transaction(tx -> {
            rmQuietly(tx, domainPath(domid));
            rmQuietly(tx, "/vm/" + uuid);
            rmQuietly(tx, "/libxl/" + domid);
            for (String kind : List.of("vbd", "vif", "console", "qdisk", "vkbd", "vfb")) {
                rmQuietly(tx, "/local/domain/0/backend/" + kind + "/" + domid);
            }
            return null;
        });
        try {
            xs.release(domid);
        } catch (XsException e) {
            if (e.error() != XsError.ENOENT) throw e;
        }
    }
}
