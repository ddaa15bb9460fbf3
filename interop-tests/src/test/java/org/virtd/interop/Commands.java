package org.virtd.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real client program and captures what a user sees: stdout, stderr, exit status. */
final class Commands {
    private Commands() {
    }

    record Result(String stdout, String stderr, int exit) {
        String describe() {
            return "exit " + exit + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /**
     * Output readers get threads of their own: on the common pool (one worker on a 2-core machine) a long-running
     * command's reader would hold up every other command's until it ends.
     */
    private static final java.util.concurrent.Executor READERS = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("command-output-", 0).factory());

    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), READERS);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), READERS);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
        }
        return new Result(new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8),
                p.exitValue());
    }

    static Result virsh(String uri, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Peers.VIRSH.toString(), "-c", uri));
        cmd.addAll(List.of(args));
        return run(cmd, 60);
    }

    /**
     * Drives domain {@code test} through suspend, resume, reboot, destroy and start with the real virsh over the
     * daemon's unix socket: the event scenarios' trigger, the same on every daemon.
     */
    static void cycleTestDomain(Endpoint e) throws IOException, InterruptedException {
        for (String cmd : List.of("suspend", "resume", "reboot", "destroy", "start")) {
            Result r = virsh(e.unixUri(), cmd, "test");
            if (r.exit() != 0) {
                throw new IOException("virsh " + cmd + " test failed on " + e.name() + ": " + r.describe());
            }
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static final java.util.regex.Pattern ID_NAME_STATE =
            java.util.regex.Pattern.compile("^\\s*(\\d+|-)\\s+(\\S+)\\s+(.+?)\\s*$", java.util.regex.Pattern.MULTILINE);

    /** The rows of a {@code virsh list} table as "ID NAME STATE" (the header and rule skipped). */
    static List<String> listRows(String listOutput) {
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = ID_NAME_STATE.matcher(listOutput);
        while (m.find()) out.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        return out;
    }

    /** Polls {@code virsh domstate --reason NAME} until it prints {@code want}; asserts it did within {@code seconds}. */
    static void awaitDomState(String uri, String name, String want, int seconds) throws IOException, InterruptedException {
        String last = "";
        for (int i = 0; i < seconds * 10; i++) {
            last = virsh(uri, "domstate", "--reason", name).stdout();
            if (last.equals(want)) return;
            Thread.sleep(100);
        }
        org.junit.jupiter.api.Assertions.assertEquals(want, last, "state of " + name);
    }
}
