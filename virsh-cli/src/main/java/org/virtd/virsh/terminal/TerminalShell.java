package org.virtd.virsh.terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.virtd.api.Connect;
import org.virtd.virsh.CommandRegistry;

/**
 * A JLine reader on the process's terminal with virsh's history file ({@code $XDG_CACHE_HOME/virsh/history},
 * at most {@code VIRSH_HISTSIZE} entries, 500 by default) and {@link VirshCompleter}.
 */
public final class TerminalShell implements AutoCloseable {
    /** readline's history limit in virsh when {@code VIRSH_HISTSIZE} is not set. */
    public static final int DEFAULT_HISTSIZE = 500;
    private static final int HISTSIZE_MAX = 500_000;

    private final Terminal terminal;
    private final LineReader reader;

    private TerminalShell(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    /**
     * Opens the shell on the system terminal. {@code histsize} comes from {@link #historySize}.
     */
    public static TerminalShell open(CommandRegistry registry, Supplier<Connect> connection, int histsize) {
        try {
            // The exec provider (stty) needs no native access, so the JDK prints no restricted-method warnings.
            Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").name("virsh").build();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("virsh")
                    .completer(new VirshCompleter(registry, connection))
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .variable(LineReader.HISTORY_SIZE, histsize)
                    .variable(LineReader.HISTORY_FILE_SIZE, histsize)
                    // A '!' or '#' in a command is virsh syntax, not a history event or a comment for JLine.
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.AUTO_FRESH_LINE, false)
                    .build();
            return new TerminalShell(terminal, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks {@code $VIRSH_HISTSIZE} as virsh does at start-up of the interactive mode; returns the size, or throws
     * {@link IllegalArgumentException} with virsh's error text.
     */
    public static int historySize(String env) {
        if (env == null) {
            return DEFAULT_HISTSIZE;
        }
        int n;
        try {
            n = Integer.parseInt(env);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad $VIRSH_HISTSIZE value.");
        }
        if (n < 0 || n > HISTSIZE_MAX) {
            throw new IllegalArgumentException("$VIRSH_HISTSIZE value should be between 0 and " + HISTSIZE_MAX);
        }
        return n;
    }

    /** virsh's history file: under {@code $XDG_CACHE_HOME}, else {@code ~/.cache}. */
    static Path historyFile() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isEmpty() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("virsh").resolve("history");
    }

    /** Reads one line with {@code prompt}; null at end of input (Ctrl-D on an empty line). */
    public String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                // Ctrl-C drops the line being edited and prompts again, as readline does in virsh.
                continue;
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        try {
            Path file = historyFile();
            Files.createDirectories(file.getParent());
            reader.getHistory().save();
        } catch (IOException e) {
            // virsh reports only a failed mkdir; a history that cannot be written is otherwise silent.
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // Closing restores the terminal's modes; nothing more can be done if that fails.
        }
    }
}
