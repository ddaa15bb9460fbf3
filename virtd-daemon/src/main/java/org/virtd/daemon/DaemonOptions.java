package org.virtd.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.virtd.daemon.config.DaemonConfig;
import org.virtd.daemon.config.DaemonPaths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * virtd's command line, which is libvirtd's plus {@code --root}.
 *
 * <pre>
 * -h | --help             print the usage text on standard error, exit 0
 * -v | --verbose          verbose messages (log priority at most info)
 * -d | --daemon           run in the background and write the pid file
 * -l | --listen           open the TCP/TLS listeners that listen_tcp / listen_tls enable
 * -t | --timeout SECS     exit after SECS seconds without clients (0: never)
 * -f | --config FILE      configuration file, which must then exist
 * -V | --version          print "virtd (virtd) VERSION" on standard output, exit 0
 * -p | --pid-file FILE    pid file instead of R/run/virtd.pid
 *      --root DIR         root directory for every default path (wins over root_dir)
 * </pre>
 *
 * <p>Parsing follows getopt_long as libvirtd uses it: clustered short options ({@code -vl}),
 * attached values ({@code -f/x}, {@code --config=/x}), unambiguous prefixes of long options
 * ({@code --pid} for {@code --pid-file}), an option's value may start with a dash ({@code -t -1}),
 * {@code --} ends the options. Errors carry getopt's and libvirtd's texts; every error exits with
 * status 1, as libvirtd does. The version line follows libvirtd's {@code PROGRAM (PACKAGE) VERSION}
 * pattern with virtd's own names rather than pretending to be libvirt.
 */
@Command(name = "virtd")
public final class DaemonOptions {

    /** The program name in messages, as libvirtd uses its argv[0]. */
    public static final String PROGRAM = "virtd";

    /** The exit status of every command-line error (EXIT_FAILURE). */
    public static final int EXIT_USAGE = 1;

    @Option(names = {"-v", "--verbose"})
    private boolean verbose;

    @Option(names = {"-d", "--daemon"})
    private boolean daemon;

    @Option(names = {"-l", "--listen"})
    private boolean listen;

    @Option(names = {"-f", "--config"})
    private @Nullable String configFile;

    @Option(names = {"-t", "--timeout"})
    private @Nullable String timeoutText;

    @Option(names = {"-p", "--pid-file"})
    private @Nullable String pidFile;

    @Option(names = {"-V", "--version"})
    private boolean version;

    @Option(names = {"-h", "--help"})
    private boolean help;

    @Option(names = {"--root"})
    private @Nullable String root;

    @Parameters(hidden = true)
    private List<String> operands = new ArrayList<>();

    private int timeoutSeconds;

    private DaemonOptions() {
    }

    /** A command line virtd cannot run with; print {@link #getMessage()}, then maybe the usage. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean showUsage;

        UsageException(String message, boolean showUsage) {
            super(message);
            this.showUsage = showUsage;
        }

        /** Whether libvirtd would print its usage text after the message (getopt errors). */
        public boolean showUsage() {
            return showUsage;
        }

        /** The exit status: always 1, as libvirtd. */
        public int exitStatus() {
            return EXIT_USAGE;
        }
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments, without the program name
     * @return the options; check {@link #helpRequested()} and {@link #versionRequested()} first
     * @throws UsageException with libvirtd's message for an unknown, ambiguous or incomplete
     *     option, a bad timeout, or stray operands
     */
    public static DaemonOptions parse(String... args) throws UsageException {
        DaemonOptions o = new DaemonOptions();
        CommandLine cl = new CommandLine(o);
        cl.setAbbreviatedOptionsAllowed(true);
        cl.setAllowOptionsAsOptionParameters(true);
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.setUnmatchedOptionsArePositionalParams(false);
        cl.setOverwrittenOptionsAllowed(true);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.MissingParameterException e) {
            String last = args.length == 0 ? "" : args[args.length - 1];
            OptionSpec spec = e.getMissing().isEmpty() || !(e.getMissing().get(0) instanceof OptionSpec s)
                    ? null : s;
            if (last.startsWith("--") && spec != null) {
                throw getoptError("option '" + spec.longestName() + "' requires an argument");
            }
            throw getoptError("option requires an argument -- '"
                    + (last.isEmpty() ? '?' : last.charAt(last.length() - 1)) + "'");
        } catch (CommandLine.UnmatchedArgumentException e) {
            String unmatched = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            String ambiguous = ambiguity(unmatched);
            if (ambiguous != null) {
                throw getoptError(ambiguous);
            }
            if (unmatched.startsWith("--")) {
                throw getoptError("unrecognized option '" + unmatched + "'");
            }
            throw getoptError("invalid option -- '" + firstUnknownShort(unmatched) + "'");
        } catch (CommandLine.ParameterException e) {
            for (String a : args) {
                if (a.equals("--")) {
                    break;
                }
                String ambiguous = ambiguity(a);
                if (ambiguous != null) {
                    throw getoptError(ambiguous);
                }
            }
            if (e.getArgSpec() instanceof OptionSpec spec && spec.arity().max() == 0) {
                throw getoptError("option '" + spec.longestName() + "' doesn't allow an argument");
            }
            throw getoptError(e.getMessage());
        }
        if (!o.operands.isEmpty()) {
            throw new UsageException(PROGRAM + ": unexpected, non-option, command line arguments", false);
        }
        if (o.timeoutText != null) {
            o.timeoutSeconds = parseTimeout(o.timeoutText);
        }
        return o;
    }

    private static UsageException getoptError(String message) {
        return new UsageException(PROGRAM + ": " + message, true);
    }

    private static final String[] LONG_NAMES = {
        "--verbose", "--daemon", "--listen", "--config", "--timeout", "--pid-file", "--version",
        "--help", "--root",
    };

    /** getopt's complaint when {@code arg} is a prefix of several long options, else null. */
    private static @Nullable String ambiguity(String arg) {
        if (!arg.startsWith("--") || arg.length() == 2) {
            return null;
        }
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        StringBuilder candidates = new StringBuilder();
        int count = 0;
        for (String longName : LONG_NAMES) {
            if (longName.equals(name)) {
                return null;
            }
            if (longName.startsWith(name)) {
                candidates.append(" '").append(longName).append('\'');
                count++;
            }
        }
        return count > 1 ? "option '" + name + "' is ambiguous; possibilities:" + candidates : null;
    }

    private static char firstUnknownShort(String cluster) {
        String flags = "vdlVh";
        for (int i = 1; i < cluster.length(); i++) {
            char c = cluster.charAt(i);
            if (flags.indexOf(c) < 0) {
                return c;
            }
        }
        return cluster.length() > 1 ? cluster.charAt(1) : '?';
    }

    /**
     * libvirtd reads the timeout with strtol: leading blanks, a sign and decimal digits, anything
     * after the digits ignored; it must then be 0 or more and small enough to count in
     * milliseconds in an int.
     */
    private static int parseTimeout(String text) throws UsageException {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits || i - digits > 10) {
            throw new UsageException("Invalid value for timeout", false);
        }
        long value = Long.parseLong(text.substring(start, i));
        if (value < 0 || value > Integer.MAX_VALUE / 1000) {
            throw new UsageException("Invalid value for timeout", false);
        }
        return (int) value;
    }

    /** {@code -v}: verbose messages. */
    public boolean verbose() {
        return verbose;
    }

    /** {@code -d}: run in the background. */
    public boolean daemon() {
        return daemon;
    }

    /** {@code -l}: honour listen_tcp and listen_tls. */
    public boolean listen() {
        return listen;
    }

    /** {@code -t}: seconds without clients before exiting; 0 when not given (never). */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** {@code -f}: the configuration file, or null for the default one. */
    public @Nullable Path configFile() {
        return configFile == null ? null : Path.of(configFile);
    }

    /** {@code -p}: the pid file, or null for the default one. */
    public @Nullable Path pidFile() {
        return pidFile == null ? null : Path.of(pidFile);
    }

    /** {@code --root}: the root directory, or null. */
    public @Nullable Path rootDir() {
        return root == null ? null : Path.of(root);
    }

    /** {@code -V}: print {@link #versionLine(String)} and exit 0. */
    public boolean versionRequested() {
        return version;
    }

    /** {@code -h}: print {@link #usage(DaemonPaths)} on standard error and exit 0. */
    public boolean helpRequested() {
        return help;
    }

    /** The {@code -V} output line (without newline), libvirtd's {@code PROGRAM (PACKAGE) VERSION}. */
    public static String versionLine(String version) {
        return PROGRAM + " (" + PROGRAM + ") " + version;
    }

    /** The usage text with the defaults this command line's {@code --root} implies. */
    public String usage() {
        return usage(DaemonPaths.of(DaemonConfig.defaults(), rootDir(), configFile(), pidFile()));
    }

    /**
     * The usage text, laid out as libvirtd's (it goes to standard error, blank first and last line
     * included), naming the given default paths.
     */
    public static String usage(DaemonPaths paths) {
        String[][] options = {
            {"-h | --help", "Display program help"},
            {"-v | --verbose", "Verbose messages"},
            {"-d | --daemon", "Run as a daemon & write PID file"},
            {"-l | --listen", "Listen for TCP/IP connections"},
            {"-t | --timeout <secs>", "Exit after timeout period"},
            {"-f | --config <file>", "Configuration file"},
            {"-V | --version", "Display version information"},
            {"-p | --pid-file <file>", "Change name of PID file"},
            {"--root <dir>", "Root directory for all default paths"},
        };
        StringBuilder sb = new StringBuilder();
        sb.append("\nUsage:\n  ").append(PROGRAM).append(" [options]\n\nOptions:\n");
        for (String[] opt : options) {
            sb.append(String.format("  %-22s %s\n", opt[0], opt[1]));
        }
        sb.append("\nvirtd management daemon:\n\n  Default paths:\n\n");
        sb.append("    Configuration file (unless overridden by -f):\n      ")
                .append(paths.configFile()).append("\n\n");
        sb.append("    Sockets:\n      ").append(paths.rwSocket()).append("\n      ")
                .append(paths.roSocket()).append("\n\n");
        sb.append("    TLS:\n      CA certificate: ").append(paths.caFile())
                .append("\n      Server certificate: ").append(paths.certFile())
                .append("\n      Server private key: ").append(paths.keyFile()).append("\n\n");
        sb.append("    PID file (unless overridden by -p):\n      ").append(paths.pidFile())
                .append("\n\n");
        return sb.toString();
    }
}
