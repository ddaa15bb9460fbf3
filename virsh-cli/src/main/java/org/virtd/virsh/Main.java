package org.virtd.virsh;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code virsh} entry point: runs one {@link Virsh} on the process's standard streams and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // virsh's stderr carries only virsh's messages: no SLF4J notice about a missing logging backend.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        // Unbuffered-by-line streams over the raw descriptors: output order and bytes are what the commands print.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
        int status = new Virsh(CommandRegistry.standard(), System.in, out, err, isTerminal(0) && isTerminal(1))
                .stdinTerminal(isTerminal(0)).run(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Whether descriptor {@code fd} is a terminal (Linux: its /proc link names a tty device). */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.startsWith("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
