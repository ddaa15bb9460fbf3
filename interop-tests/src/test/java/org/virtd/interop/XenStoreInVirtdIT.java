package org.virtd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtd.driver.xen.store.Store;
import org.virtd.driver.xen.store.XenStoreServer;

/**
 * The XenStore a virtd daemon brings up for its Xen driver, seen with Debian's xenstore tools: embedded under the
 * daemon's root when no xenstored answers, durable across daemon restarts, and left alone when one answers.
 */
class XenStoreInVirtdIT {
    @TempDir Path dir;

    @BeforeAll
    static void tools() {
        Peers.require("xenstore-utils", Path.of("/usr/bin/xenstore-write"), Path.of("/usr/bin/xenstore-read"));
    }

    static Commands.Result xs(Path socket, String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "XENSTORED_PATH=" + socket));
        cmd.addAll(List.of(argv));
        return Commands.run(cmd, 30);
    }

    @Test
    void embeddedWhenNoneRunsAndDurableAcrossRestarts() throws Exception {
        Path socket = dir.resolve("run/xenstored/socket");
        try (Daemons d = new Daemons()) {
            Endpoint e = d.startVirtdProcess(dir);
            assertEquals(0, xs(socket, "xenstore-write", "/vm/demo/name", "demo", "/vm/demo/memory", "512").exit());
            assertEquals("demo\n", xs(socket, "xenstore-read", "/vm/demo/name").stdout());
            d.stopProcess(e);
            assertFalse(Files.exists(socket), "the socket goes with the daemon");
            d.startVirtdProcess(dir);
            Commands.Result ls = xs(socket, "xenstore-ls", "/vm");
            assertEquals("demo = \"\"\n name = \"demo\"\n memory = \"512\"\n", ls.stdout(), ls.describe());
        }
        assertTrue(Files.exists(dir.resolve("var/lib/xenstored")), "the database is under the daemon's root");
    }

    @Test
    void aRunningXenstoredIsUsedNotReplaced() throws Exception {
        Path socket = dir.resolve("run/xenstored/socket");
        try (XenStoreServer other = new XenStoreServer(new Store(Store.Quotas.XEN_DEFAULTS), socket, false);
             Daemons d = new Daemons()) {
            other.start();
            assertEquals(0, xs(socket, "xenstore-write", "/owner", "the-other-one").exit());
            d.startVirtdProcess(dir);
            assertEquals("the-other-one\n", xs(socket, "xenstore-read", "/owner").stdout());
            assertFalse(Files.exists(dir.resolve("var/lib/xenstored")), "virtd embedded no second xenstored");
        }
    }
}
