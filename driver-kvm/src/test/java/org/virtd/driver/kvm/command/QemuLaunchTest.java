package org.virtd.driver.kvm.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.driver.kvm.caps.QemuCaps;
import org.virtd.driver.kvm.qmp.QmpClient;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/**
 * Generated command lines started by Debian's qemu-system-x86_64 7.2 (TCG, {@code -S}): QEMU accepts every
 * option, answers on the monitor socket the builder named, shows the devices we asked for, and quits over QMP.
 */
class QemuLaunchTest {
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    @TempDir Path dir;

    private static void needQemu() {
        if (Boolean.getBoolean("virtd.interop.required")) {
            assertTrue(Files.isExecutable(QEMU), "needs " + QEMU);
        }
        Assumptions.assumeTrue(Files.isExecutable(QEMU), "qemu-system-x86_64 not installed");
    }

    static final QemuCaps CAPS = new QemuCaps(QEMU.toString(), 7, 2, 0, "", "x86_64",
            java.util.List.of(new QemuCaps.Machine("pc-i440fx-7.2", "pc", true, 255),
                    new QemuCaps.Machine("pc-q35-7.2", "q35", false, 288)),
            java.util.List.of("qemu64"), false);

    @Test
    void i440fxWithCommonDevicesStarts() throws Exception {
        needQemu();
        Path disk = raw("disk.img");
        Path iso = raw("cd.iso");
        String xml = """
            <domain type='qemu'>
              <name>launch-pc</name>
              <memory unit='MiB'>128</memory>
              <vcpu>2</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/><boot dev='hd'/></os>
              <features><acpi/></features>
              <clock offset='utc'><timer name='rtc' tickpolicy='catchup'/></clock>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/>
                  <source file='%s'/><target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='cdrom'><driver name='qemu' type='raw'/>
                  <source file='%s'/><target dev='hdc' bus='ide'/><readonly/></disk>
                <disk type='file' device='disk'><driver name='qemu' type='raw'/>
                  <source file='%s'/><target dev='sda' bus='scsi'/></disk>
                <controller type='scsi' model='virtio-scsi'/>
                <interface type='user'><mac address='52:54:00:11:22:33'/><model type='virtio'/></interface>
                <interface type='user'/>
                <serial type='pty'/><console type='pty'/>
                <serial type='file'><source path='%s'/></serial>
                <channel type='unix'><source mode='bind' path='%s'/>
                  <target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                <input type='tablet' bus='usb'/>
                <graphics type='vnc'><listen type='socket' socket='%s'/></graphics>
                <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
                <watchdog model='i6300esb' action='pause'/>
                <panic model='isa'/>
              </devices>
            </domain>
            """.formatted(disk, iso, raw("scsi.img"), dir.resolve("serial.log"), dir.resolve("ga.sock"),
                dir.resolve("vnc.sock"));
        var status = launch(xml);
        assertTrue(status.contains("virtio-disk0") && status.contains("ide0-1-0") && status.contains("scsi0-0-0-0"),
                status);
        for (String id : new String[] {"net0", "net1", "balloon0", "scsi0", "serial0", "serial1", "channel0",
            "input0", "video0", "rng0", "watchdog0", "usb", "pty"}) {
            assertTrue(status.contains(id + " "), id + " missing from " + status);
        }
    }

    @Test
    void q35WithRootPortsStarts() throws Exception {
        needQemu();
        String xml = """
            <domain type='qemu'>
              <name>launch-q35</name>
              <memory unit='MiB'>128</memory>
              <vcpu current='1'>2</vcpu>
              <cpu><topology sockets='1' dies='1' cores='2' threads='1'/></cpu>
              <os><type arch='x86_64' machine='q35'>hvm</type>
                <bootmenu enable='yes' timeout='1000'/></os>
              <pm><suspend-to-mem enabled='no'/><suspend-to-disk enabled='no'/></pm>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='%s'/>
                  <source file='%s'/><target dev='vda' bus='virtio'/><boot order='1'/></disk>
                <disk type='file' device='cdrom'><driver name='qemu' type='raw'/>
                  <source file='%s'/><target dev='sda' bus='sata'/><readonly/></disk>
                <interface type='user'><model type='e1000e'/></interface>
                <serial type='pty'><target port='0'/></serial>
                <console type='pty'><target type='virtio' port='1'/></console>
                <input type='keyboard' bus='virtio'/>
                <video><model type='virtio'/></video>
                <graphics type='vnc'><listen type='socket' socket='%s'/></graphics>
                <memballoon model='virtio'/>
              </devices>
            </domain>
            """.formatted(qcow2() != null ? "qcow2" : "raw", qcow2() != null ? qcow2() : raw("vda.img"),
                raw("cd.iso"), dir.resolve("vnc.sock"));
        var status = launch(xml);
        for (String id : new String[] {"virtio-disk0", "sata0-0-0", "net0", "input0", "video0", "balloon0", "pci.1",
            "pci.5", "serial0", "console1"}) {
            assertTrue(status.contains(id + " "), id + " missing from " + status);
        }
    }

    @Test
    void q35WithUefiFirmwareStarts() throws Exception {
        needQemu();
        Path code = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
        Path template = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");
        Assumptions.assumeTrue(Files.isReadable(code) && Files.isReadable(template), "OVMF not installed");
        Path vars = Files.copy(template, dir.resolve("uefi_VARS.fd"));
        String xml = """
            <domain type='qemu'>
              <name>launch-uefi</name>
              <memory unit='MiB'>256</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='q35'>hvm</type>
                <loader readonly='yes' type='pflash'>%s</loader><nvram>%s</nvram></os>
              <features><acpi/><smm state='on'/></features>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='raw'/>
                  <source file='%s'/><target dev='sda' bus='sata'/></disk>
                <interface type='user'><model type='virtio'/></interface>
              </devices>
            </domain>
            """.formatted(code, vars, raw("sda.img"));
        var status = launch(xml);
        for (String id : new String[] {"sata0-0-0", "net0", "balloon0", "pci.1", "pci.2", "pci.3"}) {
            assertTrue(status.contains(id + " "), id + " missing from " + status);
        }
    }

    private Path qcow2Path;

    private Path qcow2() throws Exception {
        if (qcow2Path == null && Files.isExecutable(Path.of("/usr/bin/qemu-img"))) {
            Path p = dir.resolve("vda.qcow2");
            Process img = new ProcessBuilder("/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", p.toString(), "16M")
                    .inheritIO().start();
            if (img.waitFor() == 0) {
                qcow2Path = p;
            }
        }
        return qcow2Path;
    }

    private Path raw(String name) throws Exception {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(1 << 20);
            }
        }
        return p;
    }

    /** Starts the domain, checks the monitor, returns the qdev ids QEMU reports in its QOM tree, then quits. */
    private String launch(String xml) throws Exception {
        Domain def = DomainXml.parse(xml);
        QemuDomainDefaults.apply(def, CAPS);
        Path lib = Files.createDirectories(dir.resolve("lib-" + def.name));
        Files.write(lib.resolve("master-key.aes"), new byte[32]);
        LaunchContext ctx = LaunchContext.of(lib, lib.resolve("monitor.sock"));
        QemuCommand cmd = QemuCommandBuilder.build(def, CAPS, ctx);
        Files.writeString(Path.of("target", def.name + ".args"), cmd.toArgsString());
        ProcessBuilder pb = new ProcessBuilder(cmd.argv()).redirectErrorStream(true)
                .redirectOutput(lib.resolve("qemu.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(cmd.env());
        Files.createDirectories(lib.resolve(".config"));
        Process qemu = pb.start();
        try {
            QmpClient qmp = connect(qemu, ctx.monitorSocket(), lib);
            try (qmp) {
                assertEquals("prelaunch", qmp.execute("query-status", null).path("status").asText());
                var peripherals = qmp.execute("qom-list",
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                                .put("path", "/machine/peripheral"));
                StringBuilder ids = new StringBuilder();
                peripherals.forEach(p -> ids.append(p.path("name").asText()).append(' '));
                // pty consoles: QEMU picked the pty; its path is what the driver reads back and puts in the XML.
                qmp.execute("query-chardev", null).forEach(c -> {
                    if (c.path("label").asText().equals("charserial0")) {
                        assertTrue(c.path("filename").asText().startsWith("pty:/dev/pts/"), c.toString());
                        ids.append("pty ");
                    }
                });
                qmp.execute("quit", null);
                assertTrue(qemu.waitFor(30, TimeUnit.SECONDS), "QEMU exits after quit");
                return ids.toString();
            }
        } finally {
            qemu.destroyForcibly();
        }
    }

    private static QmpClient connect(Process qemu, Path sock, Path lib) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!qemu.isAlive()) {
                throw new AssertionError("QEMU exited " + qemu.exitValue() + ": "
                        + Files.readString(lib.resolve("qemu.log")));
            }
            if (Files.exists(sock)) {
                try {
                    return QmpClient.connect(sock, Duration.ofSeconds(10));
                } catch (java.net.ConnectException e) {
                    // not listening yet
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no monitor at " + sock);
            }
            Thread.sleep(20);
        }
    }
}
