package org.virtd.daemon;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.virtd.daemon.config.DaemonPaths;

/**
 * {@code -d/--daemon}: a JVM cannot fork, so the daemon starts itself again as a detached child (its own session
 * when {@code setsid} exists, output to {@code virtd.log} in the log directory) and the parent exits once the
 * child has written its pid file — the moment libvirtd's parent exits too.
 */
final class Daemonizer {
    private Daemonizer() {
    }

    static int detach(String[] args, DaemonPaths paths, String childEnv, PrintStream err) {
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // The same JVM options (heap, native access, system properties) as the parent was started with.
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(paths.logDir());
            Path log = paths.logDir().resolve("virtd.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put(childEnv, "1");
            Process child = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!child.isAlive()) {
                    err.println(DaemonOptions.PROGRAM + ": error: the daemon exited with status " + child.exitValue()
                            + "; see " + log);
                    return 1;
                }
                if (Files.exists(paths.rwSocket()) && Files.exists(paths.pidFile())) {
                    return 0;
                }
                Thread.sleep(50);
            }
            err.println(DaemonOptions.PROGRAM + ": error: the daemon did not become ready; see " + log);
            return 1;
        } catch (IOException e) {
            err.println(DaemonOptions.PROGRAM + ": error: cannot start the daemon: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
