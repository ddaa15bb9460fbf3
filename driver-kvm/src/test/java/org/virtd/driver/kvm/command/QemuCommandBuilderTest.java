package org.virtd.driver.kvm.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/** What the corpus does not cover: virtd's own choices (taps by name, socket paths) and the argv rendering. */
class QemuCommandBuilderTest {
    private static final LaunchContext CTX = LaunchContext.of(Path.of("/var/lib/virtd/qemu/domain-3-g"),
            Path.of("/run/virtd/qemu/domain-3-g/monitor.sock"));

    private static Domain defined(String devices, String os) {
        Domain d = DomainXml.parse("""
            <domain type='kvm'><name>g</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type>%s</os><devices>%s</devices></domain>
            """.formatted(os, devices));
        QemuDomainDefaults.apply(d, QemuXml2ArgvCorpusTest.LATEST);
        return d;
    }

    private static int indexOf(List<String> argv, String opt, String valuePrefix) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(opt) && argv.get(i + 1).startsWith(valuePrefix)) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void bridgeInterfacesOpenTheTapTheDriverNamed() {
        Domain d = defined("""
            <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/>
              <model type='virtio'/><driver name='vhost'/></interface>
            <interface type='ethernet'><mac address='52:54:00:00:00:02'/><target dev='mytap'/></interface>
            """, "");
        List<String> argv = QemuCommandBuilder.build(d, QemuXml2ArgvCorpusTest.LATEST,
                CTX.withTapNames(Map.of("net0", "vnet7"))).argv();
        int n0 = indexOf(argv, "-netdev", "{\"type\":\"tap\",\"ifname\":\"vnet7\"");
        assertTrue(n0 > 0, argv.toString());
        assertEquals("{\"type\":\"tap\",\"ifname\":\"vnet7\",\"script\":\"no\",\"downscript\":\"no\","
                + "\"vhost\":true,\"id\":\"hostnet0\"}", argv.get(n0));
        assertTrue(indexOf(argv, "-netdev", "{\"type\":\"tap\",\"ifname\":\"mytap\"") > n0, argv.toString());
        assertTrue(indexOf(argv, "-device", "{\"driver\":\"virtio-net-pci\",\"netdev\":\"hostnet0\",\"id\":\"net0\"") > n0);
        assertTrue(indexOf(argv, "-device", "{\"driver\":\"rtl8139\",\"netdev\":\"hostnet1\",\"id\":\"net1\"") > n0);
    }

    @Test
    void aTapInterfaceWithoutATapNameIsAnInternalError() {
        Domain d = defined("<interface type='bridge'><source bridge='br0'/></interface>", "");
        VirException e = assertThrows(VirException.class,
                () -> QemuCommandBuilder.build(d, QemuXml2ArgvCorpusTest.LATEST, CTX));
        assertEquals(VirErrorCode.INTERNAL_ERROR.wireValue(), e.code());
    }

    @Test
    void directKernelBootAndMonitorSocket() {
        Domain d = defined("", """
            <kernel>/boot/vmlinuz</kernel><initrd>/boot/initrd.img</initrd>
            <cmdline>console=ttyS0 root=/dev/vda</cmdline>""");
        QemuCommand cmd = QemuCommandBuilder.build(d, QemuXml2ArgvCorpusTest.LATEST, CTX);
        List<String> argv = cmd.argv();
        assertEquals("/boot/vmlinuz", argv.get(argv.indexOf("-kernel") + 1));
        assertEquals("/boot/initrd.img", argv.get(argv.indexOf("-initrd") + 1));
        assertEquals("console=ttyS0 root=/dev/vda", argv.get(argv.indexOf("-append") + 1));
        assertTrue(argv.indexOf("-kernel") > argv.indexOf("-boot"));
        assertEquals("socket,id=charmonitor,path=/run/virtd/qemu/domain-3-g/monitor.sock,server=on,wait=off",
                argv.get(argv.indexOf("-mon") - 1));
        assertEquals("/var/lib/virtd/qemu/domain-3-g", cmd.env().get("HOME"));
        assertEquals("-accel", argv.get(argv.indexOf("kvm") - 1));
        // The rendering quotes what a shell would split, as libvirt's test files do.
        assertTrue(cmd.toArgsString().contains("-append 'console=ttyS0 root=/dev/vda' \\\n"), cmd.toArgsString());
        assertTrue(cmd.toArgsString().startsWith("LC_ALL=C \\\nPATH="), cmd.toArgsString());
    }

    @Test
    void commasInValuesAreDoubled() {
        Domain d = defined("<serial type='file'><source path='/tmp/a,b.log'/></serial>", "");
        List<String> argv = QemuCommandBuilder.build(d, QemuXml2ArgvCorpusTest.LATEST, CTX).argv();
        assertTrue(argv.contains("file,id=charserial0,path=/tmp/a,,b.log"), argv.toString());
    }
}
