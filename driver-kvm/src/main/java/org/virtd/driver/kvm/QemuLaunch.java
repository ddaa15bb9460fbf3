package org.virtd.driver.kvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;

/** What runs one domain's QEMU: its environment and argv, and the aliases it gave the live definition's devices. */
record QemuLaunch(Map<String, String> env, List<String> argv) {

    static QemuLaunch build(Domain live, QemuCaps caps, Path dir, Path monitor, boolean incoming) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LC_ALL", "C");
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", dir.toString());
        env.put("XDG_DATA_HOME", dir.resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", dir.resolve(".cache").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve(".config").toString());
        List<String> a = new ArrayList<>();
        a.add(live.devices.emulator);
        a.addAll(List.of("-name", "guest=" + live.name + ",debug-threads=on", "-S"));
        a.addAll(List.of("-object", "secret,id=masterKey0,format=raw,file=" + dir.resolve("master-key.aes")));
        a.addAll(List.of("-machine", live.os.type.machine + ",usb=off,dump-guest-core=off"));
        a.addAll(List.of("-accel", "kvm".equals(live.type) ? "kvm" : "tcg"));
        long kib = Long.parseLong(live.memory.value);
        a.addAll(List.of("-m", Long.toString(kib / 1024)));
        String vcpus = live.vcpu == null ? "1" : live.vcpu.count;
        a.addAll(List.of("-overcommit", "mem-lock=off", "-smp", vcpus + ",sockets=" + vcpus + ",cores=1,threads=1"));
        a.addAll(List.of("-uuid", live.uuid, "-display", "none", "-no-user-config", "-nodefaults"));
        a.addAll(List.of("-chardev", "socket,id=charmonitor,path=" + monitor + ",server=on,wait=off"));
        a.addAll(List.of("-mon", "chardev=charmonitor,id=monitor,mode=control", "-rtc", "base=utc", "-no-shutdown"));
        a.addAll(List.of("-boot", "strict=on"));
        if (live.os.kernel != null) a.addAll(List.of("-kernel", live.os.kernel));
        if (live.os.initrd != null) a.addAll(List.of("-initrd", live.os.initrd));
        if (live.os.cmdline != null) a.addAll(List.of("-append", live.os.cmdline));
        int n = 0;
        for (Chardev c : live.devices.serial) {
            String alias = "serial" + n++;
            c.alias = new Generic().attribute("name", alias);
            a.addAll(List.of("-chardev", chardev(c, "char" + alias)));
            a.addAll(List.of("-device", "{\"driver\":\"isa-serial\",\"chardev\":\"char" + alias + "\",\"id\":\"" + alias + "\",\"index\":" + (n - 1) + "}"));
        }
        for (Chardev c : live.devices.console) {
            if (c.target == null || c.target.type == null || "serial".equals(c.target.type)) {
                c.alias = new Generic().attribute("name", "serial0");
            }
        }
        if (incoming) a.addAll(List.of("-incoming", "defer"));
        a.addAll(List.of("-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"));
        a.addAll(List.of("-msg", "timestamp=on"));
        return new QemuLaunch(env, a);
    }

    private static String chardev(Chardev c, String id) {
        String path = c.source.isEmpty() ? null : c.source.get(0).attribute("path");
        return switch (c.type == null ? "pty" : c.type) {
            case "file" -> "file,id=" + id + ",path=" + path;
            case "unix" -> "socket,id=" + id + ",path=" + path + ",server=on,wait=off";
            case "null" -> "null,id=" + id;
            default -> "pty,id=" + id;
        };
    }
}
