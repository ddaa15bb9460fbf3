package org.virtd.driver.kvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Interface;

/**
 * Tap devices for {@code bridge} and {@code ethernet} interfaces, made before QEMU starts (QEMU then opens them by
 * name: a JVM cannot hand it an open tap fd as libvirt does) and removed when the domain stops. Names are libvirt's:
 * the interface's {@code <target dev>}, else the lowest free {@code vnetN}; the tap's MAC is the guest's with the
 * first byte FE, as libvirt sets it, so the bridge never picks the guest's address. Done with iproute2's
 * {@code ip}, which the host has wherever taps can be made.
 */
final class HostTaps {
    private static final Logger LOG = LoggerFactory.getLogger(HostTaps.class);
    static final String PREFIX = "vnet";

    private HostTaps() {}

    /** Creates (and plugs) the taps of {@code live}, recording their names as targets. On failure none is left. */
    static void create(Domain live) {
        List<String> made = new ArrayList<>();
        try {
            for (Interface nic : live.devices.interfaces) {
                if ("network".equals(nic.type)) {
                    String net = nic.source == null ? null : nic.source.network;
                    throw VirException.of(VirErrorDomain.NETWORK, VirErrorCode.NO_NETWORK,
                            "no network with matching name '" + net + "'");
                }
                if (!"bridge".equals(nic.type) && !"ethernet".equals(nic.type)) continue;
                String bridge = "bridge".equals(nic.type) && nic.source != null ? nic.source.bridge : null;
                if (bridge != null && !Files.exists(Path.of("/sys/class/net", bridge))) {
                    throw VirException.of(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR,
                            "Cannot get interface MTU on '" + bridge + "': No such device");
                }
                String name = nic.target == null ? null : nic.target.attribute("dev");
                if (name == null || name.startsWith(PREFIX)) name = freeName();
                boolean exists = Files.exists(Path.of("/sys/class/net", name));
                if (!exists) {
                    ip("tuntap", "add", "dev", name, "mode", "tap");
                    made.add(name);
                }
                String mac = nic.mac == null ? null : nic.mac.attribute("address");
                if (mac != null && !exists) ip("link", "set", "dev", name, "address", "fe" + mac.substring(2));
                if (bridge != null) ip("link", "set", "dev", name, "master", bridge);
                ip("link", "set", "dev", name, "up");
                if (nic.target == null) nic.target = new Generic();
                nic.target.attribute("dev", name);
            }
        } catch (VirException e) {
            made.forEach(HostTaps::deleteQuietly);
            throw e;
        }
    }

    /** Removes the taps virtd named ({@code vnetN}) for {@code live}'s interfaces. */
    static void remove(Domain live) {
        if (live.devices == null) return;
        for (Interface nic : live.devices.interfaces) {
            if (!"bridge".equals(nic.type) && !"ethernet".equals(nic.type)) continue;
            String name = nic.target == null ? null : nic.target.attribute("dev");
            if (name != null && name.startsWith(PREFIX)) deleteQuietly(name);
        }
    }

    private static synchronized String freeName() {
        for (int i = 0; ; i++) {
            if (!Files.exists(Path.of("/sys/class/net", PREFIX + i))) return PREFIX + i;
        }
    }

    private static void deleteQuietly(String name) {
        try {
            ip("link", "del", name);
        } catch (VirException e) {
            LOG.warn("QEMU driver: cannot remove tap {}: {}", name, e.getMessage());
        }
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw VirException.of(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR,
                        "Unable to configure tap device (" + String.join(" ", cmd) + "): " + out);
            }
        } catch (IOException e) {
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR, "cannot run ip: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR, "interrupted configuring taps");
        }
    }
}
