package org.virtd.driver.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.api.Connect;
import org.virtd.api.DomainState;
import org.virtd.api.DriverEnvironment;
import org.virtd.api.VirException;
import org.virtd.api.Virt;

/**
 * The QEMU driver embedded in a Java program (no daemon): qemu:///system and qemu:///session in process, each with
 * its own pools, on Debian's real QEMU.
 */
class QemuDriverInProcessTest {
    @TempDir Path root;
    DriverEnvironment env;

    @BeforeEach
    void qemu() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"))
                || Boolean.getBoolean("virtd.interop.required"), "QEMU is not installed");
        env = DriverEnvironment.under(root, true);
    }

    @AfterEach
    void stop() {
        QemuDriverState.stop(env);
    }

    static String xml(String name) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64'>hvm</type></os></domain>";
    }

    @Test
    void systemAndSessionAreSeparatePoolsInProcess() {
        try (Connect system = Virt.connectInProcess("qemu:///system", 0, env);
             Connect session = Virt.connectInProcess("qemu:///session", 0, env)) {
            assertEquals("QEMU", system.getType());
            assertTrue(system.getVersion() >= 7_002_000, "QEMU's version as libvirt numbers it: " + system.getVersion());
            system.defineXml(xml("sys1"));
            session.defineXml(xml("ses1"));
            assertEquals(java.util.List.of("sys1"), system.listAllDomains(0).stream().map(d -> d.name()).toList());
            assertEquals(java.util.List.of("ses1"), session.listAllDomains(0).stream().map(d -> d.name()).toList());
            assertTrue(Files.exists(root.resolve("etc/virtd/qemu/sys1.xml")));
            assertTrue(Files.exists(root.resolve("etc/virtd/qemu-session/ses1.xml")));
            var dom = session.lookupByName("ses1");
            dom.create();
            // A <genid/> without a value gets a fresh one at each start, shown live, kept empty in the definition.
            var gen = session.createXml(xml("gen1").replace("<memory", "<genid/><memory"), 0);
            String live = gen.getXmlDesc(0);
            assertTrue(live.matches("(?s).*<genid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}</genid>.*"), live);
            gen.destroy();
            assertEquals(DomainState.RUNNING.wireValue(), dom.getInfo().state());
            assertTrue(Files.exists(root.resolve("run/virtd/qemu-session/ses1.xml")), "the session's status file");
            dom.destroy();
            assertEquals(DomainState.SHUTOFF.wireValue(), dom.getInfo().state());
            VirException bad = assertThrows(VirException.class, () -> Virt.connectInProcess("qemu:///nope", 0, env));
            assertEquals("internal error: unexpected QEMU URI path '/nope', try qemu:///system", bad.getMessage());
        }
    }
}
