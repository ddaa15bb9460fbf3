package org.virtd.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/** What every bench's {@code main} does: --help, option errors (exit 2), failures (exit 1), Ctrl-C (130). */
final class BenchMain {
    private BenchMain() {
    }

    /** A bench run with parsed options; returns the exit status. */
    @FunctionalInterface
    interface Body<O> {
        int run(O options, PrintStream out, PrintStream err) throws Exception;
    }

    static <O> void main(String program, String usage, String[] args, Function<String[], O> parse, Body<O> body) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(usage);
            return;
        }
        O o;
        try {
            o = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage());
            System.err.print(usage);
            System.exit(2);
            return;
        }
        int rc;
        try {
            rc = body.run(o, System.out, System.err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rc = 130;
        } catch (Exception e) {
            System.err.println(program + ": " + (e instanceof IOException ? e.getMessage() : e.toString()));
            rc = 1;
        }
        System.exit(rc);
    }

    /** The value of the option at {@code args[i - 1]}. */
    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** A comma-separated list of numbers, as {@code --clients 1,8,64}. */
    static List<Integer> numbers(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    /**
     * A temporary directory for daemons' files, and the daemons started in it: {@link #close()} stops them and
     * removes the directory (unless kept), and so does a shutdown hook on Ctrl-C or kill while measuring.
     */
    static final class Workspace implements AutoCloseable {
        final Path dir;
        private final String program;
        private final boolean keep;
        private final PrintStream err;
        private final List<DaemonProcess> daemons = new CopyOnWriteArrayList<>();
        private final Thread hook;

        Workspace(String program, boolean keep, PrintStream err) throws IOException {
            this.dir = Files.createTempDirectory("virtd-" + program);
            this.program = program;
            this.keep = keep;
            this.err = err;
            this.hook = new Thread(this::cleanUp, program + "-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        DaemonProcess add(DaemonProcess d) {
            daemons.add(d);
            return d;
        }

        private void cleanUp() {
            daemons.forEach(DaemonProcess::close);
            if (!keep) {
                deleteTree(dir);
            }
        }

        @Override
        public void close() {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook cleans up
            }
            if (keep) {
                err.println(program + ": logs kept in " + dir);
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; leaving it behind is harmless
        }
    }
}
