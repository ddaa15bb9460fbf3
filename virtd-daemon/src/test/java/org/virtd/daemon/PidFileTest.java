package org.virtd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @Test
    void writesThePidAndRemovesTheFileOnClose(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("virtd.pid");
        PidFile pf = PidFile.acquire(path, 4242);
        assertTrue(pf.isHeld());
        assertEquals("4242", Files.readString(path));
        pf.close();
        assertFalse(Files.exists(path));
        assertFalse(pf.isHeld());
        pf.close();
    }

    @Test
    void aSecondHolderIsRefusedWithLibvirtsMessage(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("virtd.pid");
        try (PidFile first = PidFile.acquire(path, 100)) {
            IOException e = assertThrows(IOException.class, () -> PidFile.acquire(path, 200));
            assertEquals("Failed to acquire pid file '" + path + "': Resource temporarily unavailable",
                    e.getMessage());
            // The loser must not have clobbered the holder's pid.
            assertEquals("100", Files.readString(path));
            assertTrue(first.isHeld());
        }
        try (PidFile again = PidFile.acquire(path, 300)) {
            assertTrue(again.isHeld());
            assertEquals("300", Files.readString(path));
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsRefused(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("virtd.pid");
        // flock(1) takes a BSD lock, not an fcntl one, so hold the file the way libvirtd does:
        // through a second JVM running PidFile itself.
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String source = """
                class Hold {
                    public static void main(String[] a) throws Exception {
                        var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]),
                                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.CREATE);
                        ch.lock(0, 1, false);
                        System.out.println("locked");
                        System.out.flush();
                        System.in.read();
                    }
                }
                """;
        Path src = dir.resolve("Hold.java");
        Files.writeString(src, source);
        Process p = new ProcessBuilder(List.of(javaBin, src.toString(), path.toString()))
                .redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("locked"));
            assertEquals("locked", line);
            IOException e = assertThrows(IOException.class, () -> PidFile.acquire(path, 1));
            assertEquals("Failed to acquire pid file '" + path + "': Resource temporarily unavailable",
                    e.getMessage());
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        try (PidFile pf = PidFile.acquire(path, 2)) {
            assertTrue(pf.isHeld());
            assertEquals("2", Files.readString(path));
        }
    }

    @Test
    void aStaleFileIsTakenOverAndTruncated(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("virtd.pid");
        Files.writeString(path, "123456789\n");
        try (PidFile pf = PidFile.acquire(path, 7)) {
            assertEquals("7", Files.readString(path));
            assertEquals(7, pf.pid());
            assertEquals(path, pf.path());
        }
    }

    @Test
    void aMissingDirectoryIsReportedLikeLibvirt(@TempDir Path dir) {
        Path path = dir.resolve("no/such/virtd.pid");
        IOException e = assertThrows(IOException.class, () -> PidFile.acquire(path));
        assertEquals("Failed to open pid file '" + path + "': No such file or directory", e.getMessage());
    }

    @Test
    void defaultsToThisProcess(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("virtd.pid");
        try (PidFile pf = PidFile.acquire(path)) {
            assertEquals(ProcessHandle.current().pid(), pf.pid());
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(path));
        }
    }
}
