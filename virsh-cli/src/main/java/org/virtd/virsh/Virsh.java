package org.virtd.virsh;

import java.io.BufferedReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.function.Function;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.api.Virt;
import org.virtd.virsh.format.HelpFormatter;
import org.virtd.virsh.terminal.TerminalShell;

/**
 * One run of virsh: global options, the connection, the command loop, and the helpers commands use to read their
 * options and report errors the way virsh does ({@code vshControl} and {@code virshControl} in one).
 *
 * <p>Output conventions: results go to stdout; errors go to stderr as {@code error: MESSAGE}. A failed command
 * prints its own error first, then the libvirt error that caused it (the "last error"). Not thread-safe except for
 * {@link #print} and the event-loop methods, which event callbacks use.
 */
public final class Virsh {
    /** Lookup modes of {@link #commandOptDomainBy}: virsh's VIRSH_BYID, VIRSH_BYUUID, VIRSH_BYNAME. */
    public static final int BY_ID = 1;
    public static final int BY_UUID = 2;
    public static final int BY_NAME = 4;
    public static final int BY_ANY = BY_ID | BY_UUID | BY_NAME;

    private static final String PROMPT_RW = "virsh # ";
    private static final String PROMPT_RO = "virsh > ";

    private final CommandRegistry registry;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private boolean stdinTerminal;
    private Function<String, String> env = System::getenv;

    /** virsh's debug levels (VSH_ERR_*): messages at or above the chosen level are printed and logged. */
    public static final int DEBUG = 0;
    public static final int INFO = 1;
    public static final int NOTICE = 2;
    public static final int WARNING = 3;
    public static final int ERROR = 4;
    private static final String[] LEVEL_NAMES = {"DEBUG", "INFO", "INFO", "WARNING", "ERROR"};
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss", Locale.ROOT);
    private int debugLevel = ERROR;
    private String logfile;
    private FileChannel log;
    private int keepaliveInterval = -1;
    private int keepaliveCount = -1;
    private String escapeChar = "^]";

    private String connname;
    private boolean readonly;
    private boolean quiet;
    private boolean timing;
    private boolean imode;
    private Connect conn;
    private VirException lastError;
    private int disconnected;
    private ParsedCommand current;

    private final Object eventLock = new Object();
    private EventWait eventResult;
    private long eventDeadlineNanos;
    private Object savedSigint;

    /** How an event wait ended. */
    public enum EventWait { DONE, INTERRUPT, TIMEOUT }

    public Virsh(CommandRegistry registry, InputStream in, PrintStream out, PrintStream err) {
        this(registry, in, out, err, false);
    }

    /**
     * @param terminal whether {@code in} and {@code out} are the process's terminal: the interactive mode then
     *     runs on JLine (line editing, history, completion) instead of echoing lines read from a pipe
     */
    public Virsh(CommandRegistry registry, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.registry = registry;
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Whether standard input is a terminal ({@code isatty(0)}), which {@code console} needs. */
    public Virsh stdinTerminal(boolean isTerminal) {
        this.stdinTerminal = isTerminal;
        return this;
    }

    public boolean isStdinTerminal() {
        return stdinTerminal;
    }

    /** Flushes what commands printed, before something else writes to the terminal directly. */
    public void flush() {
        out.flush();
        err.flush();
    }

    /** Where virsh reads its environment variables (tests pass a map; the default is the process's). */
    public Virsh environment(Function<String, String> lookup) {
        this.env = lookup;
        return this;
    }

    /** Thrown where virsh calls exit() on the spot (a log file that cannot be opened). */
    private static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Exit(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    public CommandRegistry registry() {
        return registry;
    }

    // ---- main flow ----------------------------------------------------------------------------------------------

    /** Runs virsh with {@code argv} (without the program name); returns the exit status. */
    public int run(String[] argv) {
        try {
            return runChecked(argv);
        } catch (Exit e) {
            return e.status;
        } finally {
            closeLog();
            out.flush();
            err.flush();
        }
    }

    private int runChecked(String[] argv) {
        {
            // virsh reads VIRSH_DEBUG / VIRSH_LOG_FILE once before and once after its options.
            initDebug();
            GlobalOptions g = GlobalOptions.parse(argv, this);
            if (g.exitStatus() >= 0) {
                return g.exitStatus();
            }
            List<ParsedCommand> commands = null;
            List<String> rest = g.commandWords();
            imode = rest.isEmpty();
            if (!imode) {
                CommandParser parser = new CommandParser(registry, this::error, m -> debug(INFO, m));
                if (rest.size() == 1) {
                    debug(INFO, "commands: \"" + rest.get(0) + "\"\n");
                    commands = parser.parseString(rest.get(0));
                } else {
                    commands = parser.parseArgv(rest);
                }
                if (commands == null) {
                    deinit();
                    return 1;
                }
            }
            initDebug();
            int histsize = TerminalShell.DEFAULT_HISTSIZE;
            if (imode) {
                // A bad history size is reported and otherwise ignored: virsh does not check that set-up's result.
                try {
                    histsize = TerminalShell.historySize(env.apply("VIRSH_HISTSIZE"));
                } catch (IllegalArgumentException e) {
                    error(e.getMessage());
                }
            }
            if (connname != null) {
                if (!reconnect(null, false, false)) {
                    reportError();
                    deinit();
                    return 1;
                }
            } else {
                connname = env.apply("VIRSH_DEFAULT_CONNECT_URI");
            }
            boolean ok = true;
            if (!imode) {
                ok = runCommands(commands);
            } else {
                interactive(histsize);
            }
            deinit();
            return ok ? 0 : 1;
        }
    }

    // ---- debug, log file and connection settings from the global options ---------------------------------------

    /** An environment variable as this virsh sees it. */
    public String getenv(String name) {
        return env.apply(name);
    }

    /** virsh's debug/log set-up from the environment, for what the options did not set. */
    private void initDebug() {
        if (debugLevel == ERROR) {
            String v = env.apply("VIRSH_DEBUG");
            if (v != null) {
                Integer d = Numbers.parseInt(v);
                if (d == null || d < DEBUG || d > ERROR) {
                    error("VIRSH_DEBUG not set with a valid numeric value");
                } else {
                    debugLevel = d;
                }
            }
        }
        if (logfile == null) {
            String f = env.apply("VIRSH_LOG_FILE");
            if (f != null && !f.isEmpty() && !openLog(f)) {
                throw new Exit(1);
            }
        }
    }

    void setDebugLevel(int level) {
        debugLevel = level;
    }

    void setEscapeChar(String escape) {
        escapeChar = escape;
    }

    /** The console escape sequence ({@code -e}, default {@code ^]}). */
    public String escapeChar() {
        return escapeChar;
    }

    void setKeepalive(char option, int value) {
        if (option == 'k') {
            keepaliveInterval = value;
        } else {
            keepaliveCount = value;
        }
    }

    /** Opens virsh's log file (append, created 0644); prints virsh's error and returns false when it cannot. */
    boolean openLog(String path) {
        logfile = path;
        try {
            Path p = Path.of(path);
            log = Files.exists(p) ? FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC)
                    : FileChannel.open(p, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                            StandardOpenOption.CREATE, StandardOpenOption.SYNC),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            return true;
        } catch (IOException | RuntimeException e) {
            log = null;
            error("failed to open the log file. check the log file path");
            return false;
        }
    }

    void closeLog() {
        FileChannel c = log;
        log = null;
        logfile = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // The log is write-synchronous: every line already reached the file or was reported.
            }
        }
    }

    /** One log line: {@code [YYYY.MM.DD HH:MM:SS virsh PID] LEVEL message}. */
    private void logLine(int level, String message) {
        FileChannel c = log;
        if (c == null) {
            return;
        }
        String m = message;
        while (m.endsWith("\n")) {
            m = m.substring(0, m.length() - 1);
        }
        String line = "[" + LOG_TIME.format(LocalDateTime.now()) + " virsh " + ProcessHandle.current().pid() + "] "
                + LEVEL_NAMES[Math.max(0, Math.min(level, ERROR))] + " " + m + "\n";
        try {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                c.write(b);
            }
        } catch (IOException e) {
            closeLog();
            error("failed to write the log file");
        }
    }

    /** {@code vshDebug}: printed on stdout (even with -q) and logged when {@code level} reaches the debug level. */
    public void debug(int level, String message) {
        if (level < debugLevel) {
            return;
        }
        logLine(level, message);
        print(message);
    }

    void setGlobal(String connname, boolean readonly, boolean quiet, boolean timing) {
        this.connname = connname;
        this.readonly = readonly;
        this.quiet = quiet;
        this.timing = timing;
    }

    private void interactive(int histsize) {
        if (!quiet) {
            print("Welcome to virsh, the virtualization interactive terminal.\n\n");
            print("Type:  'help' for help with commands\n       'quit' to quit\n\n");
        }
        if (terminal) {
            try (TerminalShell shell = TerminalShell.open(registry, () -> conn, histsize)) {
                String line;
                do {
                    line = shell.readLine(readonly ? PROMPT_RO : PROMPT_RW);
                    if (line == null) {
                        break;
                    }
                    runLine(line);
                } while (imode);
            }
            print("\n");
            return;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = null;
        do {
            print(readonly ? PROMPT_RO : PROMPT_RW);
            try {
                line = reader.readLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                break;
            }
            // Without a terminal, readline echoes the line it read; do the same so transcripts match.
            print(line + "\n");
            runLine(line);
        } while (imode);
        // virsh frees the line before testing it for end of input, so the closing newline is always printed.
        print("\n");
    }

    private void runLine(String line) {
        if (!line.isEmpty()) {
            List<ParsedCommand> cmds = new CommandParser(registry, this::error).parseString(line);
            if (cmds != null) {
                runCommands(cmds);
            }
        }
    }

    /** virsh's command loop: runs each command, reports failures, prints the separating newline. */
    boolean runCommands(List<ParsedCommand> commands) {
        boolean ok = true;
        for (ParsedCommand cmd : commands) {
            long before = System.nanoTime();
            if (cmd.def().noConnect() || connectionHandler()) {
                ok = runOne(cmd);
            } else {
                ok = false;
            }
            long after = System.nanoTime();
            if (!ok && lastError != null && isDisconnectError(lastError)) {
                disconnected++;
            }
            if (!ok) {
                reportError();
            }
            String name = cmd.def().name();
            if (name.equals("quit") || name.equals("exit")) {
                return ok;
            }
            if (timing) {
                print(String.format(Locale.ROOT, "\n(Time: %.3f ms)\n\n", (after - before) / 1_000_000.0));
            } else {
                printExtra("\n");
            }
        }
        return ok;
    }

    private static boolean isDisconnectError(VirException e) {
        return (e.code() == VirErrorCode.SYSTEM_ERROR.wireValue() && e.domain() == VirErrorDomain.REMOTE.wireValue())
                || e.code() == VirErrorCode.RPC.wireValue() || e.code() == VirErrorCode.NO_CONNECT.wireValue()
                || e.code() == VirErrorCode.INVALID_CONN.wireValue();
    }

    private boolean runOne(ParsedCommand cmd) {
        current = cmd;
        try {
            return cmd.command().run(this);
        } catch (VirException e) {
            lastError = e;
            return false;
        } catch (CommandFailed e) {
            return false;
        } finally {
            current = null;
        }
    }

    /** Ends the interactive loop (the {@code quit} command). */
    public void quit() {
        imode = false;
    }

    // ---- connection -------------------------------------------------------------------------------------------

    private boolean connectionHandler() {
        if ((conn == null || disconnected > 0) && !reconnect(null, false, false)) {
            return false;
        }
        if (conn == null || !conn.isAlive()) {
            error("no valid connection");
            return false;
        }
        resetError();
        return true;
    }

    /**
     * virsh's reconnect: closes the current connection and opens {@code name} (the current URI when null).
     * Without an explicit name the read-only mode of the previous connection is kept.
     */
    public boolean reconnect(String name, boolean ro, boolean force) {
        boolean connected = false;
        if (!ro && name == null) {
            ro = readonly;
        }
        if (conn != null) {
            connected = true;
            closeConnection();
        }
        String uri = name != null ? name : connname;
        try {
            conn = Virt.connect(defaultUri(uri), ro ? Flags.CONNECT_RO : 0);
        } catch (VirException e) {
            lastError = e;
            conn = null;
        }
        if (conn != null && !setupKeepalive()) {
            closeConnection();
        }
        if (conn == null) {
            error(disconnected > 0 ? "Failed to reconnect to the hypervisor" : "failed to connect to the hypervisor");
            return false;
        }
        if (name != null) {
            connname = name;
        }
        readonly = ro;
        conn.registerCloseCallback(this::catchDisconnect);
        if (connected && !force) {
            error("Reconnected to the hypervisor");
        }
        disconnected = 0;
        return true;
    }

    /** virsh's virshCatchDisconnect: says why the connection went away and ends a running event wait. */
    private void catchDisconnect(Connect c, int reason) {
        if (reason == 3) {
            return; // the client closed it
        }
        String uri;
        try {
            uri = c.getUri();
        } catch (VirException e) {
            uri = "(null)";
        }
        String why = switch (reason) {
            case 0 -> "I/O error";
            case 1 -> "end of file";
            case 2 -> "keepalive timeout";
            default -> null;
        };
        error(why == null ? "unknown reason" : "Disconnected from " + uri + " due to " + why);
        disconnected++;
        eventDone();
    }

    /**
     * {@code virshConnect} for a second connection a command needs (migrate's destination): opened read-write
     * or read-only, with the same keepalive rules as the main one. Failures propagate as the command's error.
     */
    public Connect openConnection(String uri, boolean ro) {
        Connect c = Virt.connect(defaultUri(uri), ro ? Flags.CONNECT_RO : 0);
        if (!setupKeepalive(c)) {
            c.close();
            throw new CommandFailed();
        }
        return c;
    }

    private boolean setupKeepalive() {
        return setupKeepalive(conn);
    }

    /**
     * virsh's keepalive set-up after opening: 5 s and 6 probes unless -k/-K say otherwise. A failure matters only
     * when an option asked for keepalive; otherwise it is a debug message.
     */
    private boolean setupKeepalive(Connect conn) {
        int interval = keepaliveInterval >= 0 ? keepaliveInterval : 5;
        int count = keepaliveCount >= 0 ? keepaliveCount : 6;
        boolean forced = keepaliveInterval >= 0 || keepaliveCount >= 0;
        if (interval <= 0) {
            return true;
        }
        VirException failure = null;
        int rc;
        try {
            rc = conn.setKeepAlive(interval, count);
        } catch (VirException e) {
            failure = e;
            rc = -1;
        }
        if (rc != 0) {
            if (forced) {
                lastError = failure;
                error("Cannot setup keepalive on connection as requested, disconnecting");
                return false;
            }
            debug(INFO, "Failed to setup keepalive on connection\n");
            resetError();
        }
        return true;
    }

    /** libvirt's default-URI rule for a NULL name: LIBVIRT_DEFAULT_URI, else let the drivers probe. */
    private String defaultUri(String uri) {
        if (uri != null) {
            return uri;
        }
        String v = env.apply("LIBVIRT_DEFAULT_URI");
        return v != null && !v.isEmpty() ? v : "";
    }

    private void closeConnection() {
        Connect c = conn;
        conn = null;
        if (c != null) {
            try {
                c.close();
            } catch (VirException e) {
                error("Failed to disconnect from the hypervisor");
            }
        }
    }

    private void deinit() {
        closeConnection();
        lastError = null;
    }

    /** The open connection; commands run only after the connection handler made sure there is one. */
    public Connect conn() {
        return conn;
    }

    /** The URI virsh was asked to connect to (-c or the connect command), or null. */
    public String connname() {
        return connname;
    }

    // ---- output and errors ---------------------------------------------------------------------------------

    /** {@code vshPrint}: always printed. */
    public void print(String s) {
        synchronized (out) {
            out.print(s);
            out.flush();
        }
    }

    public void printf(String format, Object... args) {
        print(String.format(Locale.ROOT, format, args));
    }

    /** {@code vshPrintExtra}: informational output suppressed by {@code -q}. */
    public void printExtra(String s) {
        if (!quiet) {
            print(s);
        }
    }

    /** Progress text on stderr (job progress, prompts), after flushing stdout, as virsh's fprintf(stderr) does. */
    public void printErr(String s) {
        out.flush();
        synchronized (err) {
            err.print(s);
            err.flush();
        }
    }

    /** Whether virsh runs on a terminal (Ctrl-C handling, the edit prompts, console). */
    public boolean isTerminal() {
        return terminal;
    }

    /** {@code vshError}: prints {@code error: MESSAGE} to stderr. */
    public void error(String message) {
        logLine(ERROR, message);
        out.flush();
        synchronized (err) {
            err.print("error: " + message + "\n");
            err.flush();
        }
    }

    /** Prints {@code message} and ends the command as failed. */
    public CommandFailed fail(String message) {
        error(message);
        return new CommandFailed();
    }

    /** Records {@code e} as the error to report after the failed command, prints {@code message}, ends the command. */
    public CommandFailed fail(VirException e, String message) {
        lastError = e;
        return fail(message);
    }

    /** Keeps {@code e} as the last error (reported when the command fails). */
    public void saveError(VirException e) {
        lastError = e;
    }

    public VirException lastError() {
        return lastError;
    }

    public void resetError() {
        lastError = null;
    }

    /** {@code vshReportError}: prints the last libvirt error, if any, and forgets it. */
    public void reportError() {
        if (lastError != null) {
            error(lastError.getMessage() == null ? "(null)" : lastError.getMessage());
        }
        resetError();
    }

    // ---- option access ---------------------------------------------------------------------------------------

    private ParsedCommand cmd() {
        if (current == null) {
            throw new IllegalStateException("no command is running");
        }
        return current;
    }

    /** Whether the option was given. */
    public boolean has(String option) {
        return cmd().has(option);
    }

    private OptionDef def(String option) {
        for (OptionDef d : cmd().def().options()) {
            if (d.name().equals(option)) {
                return d;
            }
        }
        throw new IllegalArgumentException(cmd().def().name() + " has no option " + option);
    }

    /** {@code vshCommandOptStringReq}: the value or null; an empty value fails unless the option allows it. */
    public String optStringReq(String option) {
        OptionDef d = def(option);
        String v = cmd().value(option);
        if (v == null) {
            return null;
        }
        if (v.isEmpty() && !d.emptyOk()) {
            throw fail("Failed to get option '" + option + "': Option argument is empty");
        }
        return v;
    }

    /** {@code vshCommandOptStringQuiet}: like {@link #optStringReq} but an empty value fails silently. */
    public String optStringQuiet(String option) {
        OptionDef d = def(option);
        String v = cmd().value(option);
        if (v != null && v.isEmpty() && !d.emptyOk()) {
            throw new CommandFailed();
        }
        return v;
    }

    private CommandFailed malformed(String value, String option) {
        return fail("Numeric value '" + value + "' for <" + option + "> option is malformed or out of range");
    }

    /** {@code vshCommandOptInt}: a signed decimal int, or null when not given. */
    public Integer optInt(String option) {
        String v = cmd().value(option);
        if (v == null) {
            return null;
        }
        Integer n = Numbers.parseInt(v);
        if (n == null) {
            throw malformed(v, option);
        }
        return n;
    }

    /** {@code vshCommandOptUInt}: an unsigned int without a sign, or null when not given. */
    public Long optUInt(String option) {
        String v = cmd().value(option);
        if (v == null) {
            return null;
        }
        Long n = Numbers.parseUIntNoNegative(v);
        if (n == null) {
            throw malformed(v, option);
        }
        return n;
    }

    /** {@code vshCommandOptULongLong}: an unsigned long long without a sign (its 64 bits), or null when not given. */
    public Long optULongLong(String option) {
        String v = cmd().value(option);
        if (v == null) {
            return null;
        }
        Long n = Numbers.parseULongLongNoNegative(v);
        if (n == null) {
            throw malformed(v, option);
        }
        return n;
    }

    /** {@code vshCommandOptScaledInt}: bytes, with bare numbers in units of {@code scale}; null when not given. */
    public BigInteger optScaled(String option, long scale, BigInteger max) {
        String v = cmd().value(option);
        if (v == null) {
            return null;
        }
        BigInteger n = Numbers.parseScaled(v, scale, max);
        if (n == null) {
            throw fail("Scaled numeric value '" + v + "' for <" + option + "> option is malformed or out of range");
        }
        return n;
    }

    /** {@code vshCommandOptTimeoutToMs}: --timeout seconds as milliseconds, 0 when not given. */
    public int optTimeoutMs(String option) {
        Long t = optUInt(option);
        if (t == null) {
            return 0;
        }
        if (t == 0 || t > Integer.MAX_VALUE / 1000) {
            throw malformed(Long.toString(t), option);
        }
        return (int) (t * 1000);
    }

    /** {@code VSH_EXCLUSIVE_OPTIONS_EXPR}. */
    public void exclusive(String name1, boolean set1, String name2, boolean set2) {
        if (set1 && set2) {
            throw fail("Options --" + name1 + " and --" + name2 + " are mutually exclusive");
        }
    }

    /** {@code VSH_EXCLUSIVE_OPTIONS} on the presence of two options. */
    public void exclusive(String name1, String name2) {
        exclusive(name1, has(name1), name2, has(name2));
    }

    /** {@code VSH_REQUIRE_OPTION_EXPR}: {@code name1} needs {@code name2}. */
    public void require(String name1, boolean set1, String name2, boolean set2) {
        if (set1 && !set2) {
            throw fail("Option --" + name2 + " is required by option --" + name1);
        }
    }

    // ---- domain lookup ---------------------------------------------------------------------------------------

    /** The --domain option looked up by id, UUID or name; fails the command with virsh's text when not found. */
    public Domain commandOptDomain() {
        return commandOptDomainBy(BY_ANY);
    }

    public Domain commandOptDomainBy(int by) {
        String name = optStringReq("domain");
        String cmdName = cmd().def().name();
        debug(INFO, cmdName + ": found option <domain>: " + name + "\n");
        Domain dom = lookupDomain(cmdName, name, by);
        if (dom == null) {
            throw new CommandFailed();
        }
        return dom;
    }

    /**
     * virsh's lookup rule: a non-negative number is tried as an id, a 36-character string as a UUID, then the
     * name. Lookup errors are dropped; "failed to get domain" is printed instead. Returns null when not found.
     */
    public Domain lookupDomainBy(String name, int by) {
        return lookupDomain("unknown", name, by);
    }

    private Domain lookupDomain(String cmdName, String name, int by) {
        Domain dom = null;
        if ((by & BY_ID) != 0) {
            Integer id = Numbers.parseInt(name);
            if (id != null && id >= 0) {
                debug(DEBUG, cmdName + ": <domain> looks like ID\n");
                dom = quietly(() -> conn.lookupById(id));
            }
        }
        if (dom == null && (by & BY_UUID) != 0 && name.length() == 36) {
            debug(DEBUG, cmdName + ": <domain> trying as domain UUID\n");
            UUID uuid = parseUuid(name);
            if (uuid != null) {
                dom = quietly(() -> conn.lookupByUuid(uuid));
            }
        }
        if (dom == null && (by & BY_NAME) != 0) {
            debug(DEBUG, cmdName + ": <domain> trying as domain NAME\n");
            dom = quietly(() -> conn.lookupByName(name));
        }
        resetError();
        if (dom == null) {
            error("failed to get domain '" + name + "'");
        }
        return dom;
    }

    private static Domain quietly(java.util.function.Supplier<Domain> lookup) {
        try {
            return lookup.get();
        } catch (VirException e) {
            return null;
        }
    }

    /** libvirt's UUID parser: 32 hex digits, dashes allowed between byte pairs. */
    static UUID parseUuid(String s) {
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                return null;
            }
            hex.append(c);
        }
        if (hex.length() != 32) {
            return null;
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /**
     * virsh's domain-state helper: GET_STATE, or GET_INFO's state (reason -1) when the driver lacks GET_STATE.
     */
    public org.virtd.api.DomainStateInfo domainState(Domain dom) {
        try {
            return dom.getState(0);
        } catch (VirException e) {
            if (e.code() != VirErrorCode.NO_SUPPORT.wireValue()) {
                throw e;
            }
        }
        return new org.virtd.api.DomainStateInfo(dom.getInfo().state(), -1);
    }

    // ---- help ------------------------------------------------------------------------------------------------

    public HelpFormatter help() {
        return new HelpFormatter(registry);
    }

    // ---- event loop ------------------------------------------------------------------------------------------

    /** {@code vshEventStart}: arms the wait, with a timeout when {@code timeoutMs > 0}, and catches Ctrl-C. */
    public void eventStart(int timeoutMs) {
        synchronized (eventLock) {
            eventResult = null;
            eventDeadlineNanos = timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000L : 0;
        }
        savedSigint = Sigint.install(() -> finishEvents(EventWait.INTERRUPT));
    }

    /** {@code vshEventDone}: ends the wait (a one-shot event arrived). */
    public void eventDone() {
        finishEvents(EventWait.DONE);
    }

    private void finishEvents(EventWait why) {
        synchronized (eventLock) {
            if (eventResult == null) {
                eventResult = why;
            }
            eventLock.notifyAll();
        }
    }

    /** {@code vshEventWait}: blocks until done, interrupted or timed out. */
    public EventWait eventWait() {
        synchronized (eventLock) {
            while (eventResult == null) {
                long wait = 0;
                if (eventDeadlineNanos != 0) {
                    long left = eventDeadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        eventResult = EventWait.TIMEOUT;
                        break;
                    }
                    wait = Math.max(1, left / 1_000_000L);
                }
                try {
                    eventLock.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    eventResult = EventWait.INTERRUPT;
                }
            }
            return eventResult;
        }
    }

    /** {@code vshEventCleanup}: restores Ctrl-C handling. */
    public void eventCleanup() {
        Sigint.restore(savedSigint);
        savedSigint = null;
    }
}
