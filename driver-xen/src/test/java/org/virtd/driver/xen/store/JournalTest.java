package org.virtd.driver.xen.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir Path dir;
    final Store.Caller dom0 = Store.Caller.DOM0;

    /** A journal and the store it records, opened (and recovered) from {@code dir}. */
    record Db(Journal journal, Store store) implements AutoCloseable {
        static Db open(Path dir, long snapshotBytes) throws IOException {
            Journal j = Journal.open(dir, snapshotBytes);
            Store s = j.recovered().nodes().isEmpty() ? new Store(Store.Quotas.XEN_DEFAULTS)
                    : new Store(Store.Quotas.XEN_DEFAULTS, j.recovered().nodes());
            if (j.recovered().nodes().isEmpty()) s.committedNodes().forEach((p, n) -> j.change(p, null, n));
            s.listen(j::change);
            return new Db(j, s);
        }

        /** What a request's end does in the server. */
        void seal() throws IOException {
            journal.awaitDurable(journal.seal());
            journal.maybeSnapshot(store.committedNodes(), java.util.Set.of(0));
        }

        public void close() throws IOException { journal.close(); }
    }

    /** The database without generations, which are not kept across restarts: path to value, perms, children. */
    static Map<String, String> contents(Store s) {
        Map<String, String> out = new TreeMap<>();
        s.committedNodes().forEach((p, n) ->
                out.put(p, new String(n.value(), StandardCharsets.UTF_8) + " " + n.perms() + " " + n.children()));
        return out;
    }

    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /**
     * Random writes, removals, permission changes and transactions (including removals and re-creations that
     * reorder a directory), with snapshots taken along the way: every reopen sees exactly the live database.
     */
    @Test
    void recoveryRebuildsExactlyTheCommittedDatabase() throws Exception {
        Random rnd = new Random(42);
        Map<String, String> expected = null;
        for (int round = 0; round < 4; round++) {
            try (Db db = Db.open(dir, 20_000)) {
                if (expected != null) assertEquals(expected, contents(db.store()), "after reopen " + round);
                for (int i = 0; i < 1500; i++) {
                    randomOp(db.store(), rnd);
                    db.seal();
                }
                db.journal().awaitSnapshot();
                expected = contents(db.store());
                assertEquals(List.of(), db.store().check());
            }
        }
        try (var files = Files.list(dir)) {
            long segments = files.filter(p -> p.getFileName().toString().startsWith("journal-")).count();
            assertTrue(segments <= 2, "old segments go once a snapshot covers them: " + segments);
        }
        assertTrue(Files.exists(dir.resolve(Journal.SNAPSHOT)), "a snapshot was written");
    }

    private void randomOp(Store s, Random rnd) {
        try {
            tryOp(s, rnd);
        } catch (XsException e) {
            // Removing under a directory that does not exist: ENOENT, nothing changes.
            assertEquals(XsError.ENOENT, e.error());
        }
    }

    private void tryOp(Store s, Random rnd) throws XsException {
        String path = "/r/" + rnd.nextInt(6) + "/" + rnd.nextInt(8) + (rnd.nextBoolean() ? "/" + rnd.nextInt(3) : "");
        switch (rnd.nextInt(6)) {
            case 0, 1 -> s.write(dom0, null, path, b("v" + rnd.nextInt(1000)));
            case 2 -> s.rm(dom0, null, path.substring(0, path.lastIndexOf('/')));
            case 3 -> {
                if (s.committedNodes().containsKey(path))
                    s.setPerms(dom0, null, path, List.of(new Perm(rnd.nextInt(4), "nrwb".charAt(rnd.nextInt(4)))));
            }
            default -> {
                Store.Transaction tx = s.begin();
                String dirPath = "/r/" + rnd.nextInt(6);
                // Remove and re-create a child: it moves to the end of its directory's list.
                s.rm(dom0, tx, dirPath + "/1");
                s.write(dom0, tx, dirPath + "/" + rnd.nextInt(8), b("t"));
                s.write(dom0, tx, dirPath + "/1", b("again"));
                s.commit(tx, true);
            }
        }
    }

    @Test
    void aTornOrCorruptTailIsCutAndEverythingBeforeItKept() throws Exception {
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            for (int i = 0; i < 50; i++) {
                db.store().write(dom0, null, "/k/" + i, b("v" + i));
                db.seal();
            }
        }
        Path seg;
        try (var files = Files.list(dir)) {
            seg = files.filter(p -> p.getFileName().toString().startsWith("journal-")).findFirst().orElseThrow();
        }
        long goodSize = Files.size(seg);
        // A record whose length claims more than was written, as a crash in mid-write leaves it.
        Files.write(seg, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            assertEquals("v49", Store.text(db.store().read(dom0, null, "/k/49")));
            assertEquals(50, db.store().directory(dom0, null, "/k").size());
        }
        assertEquals(goodSize, Files.size(seg), "the torn record is truncated away");
        // A whole record with a wrong checksum is not replayed either.
        byte[] all = Files.readAllBytes(seg);
        all[all.length - 2] ^= 0x55;
        Files.write(seg, all);
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            assertEquals(XsError.ENOENT, assertThrows(XsException.class,
                    () -> db.store().read(dom0, null, "/k/49")).error());
            assertEquals("v48", Store.text(db.store().read(dom0, null, "/k/48")));
        }
    }

    @Test
    void aTransactionIsRecoveredWholeOrNotAtAll() throws Exception {
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            Store.Transaction tx = db.store().begin();
            for (int i = 0; i < 20; i++) db.store().write(dom0, tx, "/tx/" + i, b("x"));
            db.store().commit(tx, true);
            db.seal();
        }
        Path seg;
        try (var files = Files.list(dir)) {
            seg = files.filter(p -> p.getFileName().toString().startsWith("journal-")).findFirst().orElseThrow();
        }
        byte[] all = Files.readAllBytes(seg);
        // Cut the last record (the transaction) in the middle.
        Files.write(seg, Arrays.copyOf(all, all.length - 10));
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            assertEquals(XsError.ENOENT, assertThrows(XsException.class,
                    () -> db.store().read(dom0, null, "/tx")).error());
            assertEquals(List.of(), db.store().check());
        }
    }

    @Test
    void oneDaemonPerDatabase() throws Exception {
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            IOException e = assertThrows(IOException.class, () -> Journal.open(dir));
            assertTrue(e.getMessage().contains("in use by another xenstored"), e.getMessage());
        }
    }

    @Test
    void aLargeDirectoryLogsOneNamePerNewChild() throws Exception {
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            for (int i = 0; i < 3000; i++) {
                db.store().write(dom0, null, "/big/child-" + i, b(""));
                db.seal();
            }
        }
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.filter(p -> p.getFileName().toString().startsWith("journal-")).mapToLong(p -> p.toFile().length()).sum();
        }
        // Logging the whole child list each time would be about 3000 * 1500 * 16 bytes.
        assertTrue(bytes < 3000 * 120, "log of " + bytes + " bytes");
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 3000; i++) want.add("child-" + i);
        try (Db db = Db.open(dir, Journal.DEFAULT_SNAPSHOT_BYTES)) {
            assertEquals(want, db.store().directory(dom0, null, "/big"));
        }
    }
}
