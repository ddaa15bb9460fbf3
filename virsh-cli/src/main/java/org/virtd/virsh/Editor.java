package org.virtd.virsh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * virsh's editing helpers (vshEditWriteToTempFile, vshEditFile, vshEditReadBackFile, vshAskReedit), shared by
 * every {@code *-edit} command: the document goes to {@code $TMPDIR/virshXXXXXX.xml} (mode 0600), the user's
 * {@code $VISUAL}, {@code $EDITOR} or {@code sensible-editor} runs on the terminal, and the file is read back.
 */
public final class Editor {
    /** Characters an editor command or file name may have to be run directly rather than through {@code sh -c}. */
    private static final String ACCEPTED_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_.:@";
    private static final String SHELL_META = "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~";

    private final Virsh ctl;
    private final Function<String, String> env;

    public Editor(Virsh ctl, Function<String, String> env) {
        this.ctl = ctl;
        this.env = env;
    }

    /** Writes {@code doc} to a new temporary file. */
    public Path writeTemp(String doc) {
        String tmpdir = env.apply("TMPDIR");
        Path dir = Path.of(tmpdir == null ? "/tmp" : tmpdir);
        Path file;
        try {
            file = Files.createTempFile(dir, "virsh", ".xml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw ctl.fail("g_mkstemp_full: failed to create temporary file: " + reason(e));
        }
        try {
            Files.writeString(file, doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ctl.fail("write: " + file + ": failed to write to temporary file: " + reason(e));
        }
        return file;
    }

    /** Runs the editor on {@code file} with the terminal; a failing editor fails the command as virsh reports it. */
    public void edit(Path file) {
        String editor = env.apply("VISUAL");
        if (editor == null) {
            editor = env.apply("EDITOR");
        }
        if (editor == null) {
            editor = "sensible-editor";
        }
        String name = file.toString();
        List<String> argv = new ArrayList<>();
        if (!onlyAccepted(editor)) {
            if (!onlyAccepted(name)) {
                throw ctl.fail(name + ": temporary filename contains shell meta or other unacceptable characters "
                        + "(is $TMPDIR wrong?)");
            }
            argv.addAll(List.of("sh", "-c", editor + " " + name));
        } else {
            argv.addAll(List.of(editor, name));
        }
        int status;
        try {
            status = new ProcessBuilder(argv).inheritIO().start().waitFor();
        } catch (IOException e) {
            // Where virsh forks first, the child reports the failed exec itself and exits 127.
            ctl.printErr("libvirt:  error : cannot execute binary " + argv.get(0) + ": " + execReason(e) + "\n");
            status = 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed();
        }
        if (status != 0) {
            // The JDK reports a child killed by signal N as status 128 + N (so a real exit status above 128 reads
            // as a signal too).
            String how = status > 128 && status <= 128 + 64 ? "fatal signal " + (status - 128) : "exit status " + status;
            ctl.saveError(new VirException(VirErrorCode.INTERNAL_ERROR.wireValue(), VirErrorDomain.NONE.wireValue(),
                    "internal error: Child process (" + commandString(argv) + ") unexpected " + how,
                    VirException.LEVEL_ERROR, null, null, null, 0, 0));
            throw new CommandFailed();
        }
    }

    /** Reads the edited file back. */
    public String readBack(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ctl.fail(file + ": failed to read temporary file: " + reason(e));
        }
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // virsh ignores a failed unlink of its temporary file too.
        }
    }

    /**
     * vshAskReedit: after a failed redefinition, on a terminal, prints the error and asks what to do; returns
     * 'y', 'n', 'f' or (when {@code relax}) 'i'. Without a terminal there is nobody to ask: -1.
     */
    public int askReedit(String msg, boolean relax) {
        if (!ctl.isTerminal()) {
            return -1;
        }
        ctl.reportError();
        try (RawTerminal raw = RawTerminal.enter()) {
            while (true) {
                ctl.print("\r" + msg + " Try again? " + (relax ? "[y,n,i,f,?]" : "[y,n,f,?]") + ": ");
                int c = Character.toLowerCase(raw.read());
                if (c == '?') {
                    StringBuilder help = new StringBuilder("\r\n");
                    help.append("y - yes, start editor again\r\n");
                    help.append("n - no, throw away my changes\r\n");
                    if (relax) {
                        help.append("i - turn off validation and try to redefine again\r\n");
                    }
                    help.append("f - force, try to redefine again\r\n");
                    help.append("? - print this help\r\n");
                    ctl.print(help.toString());
                    continue;
                }
                if (c == 'y' || c == 'n' || c == 'f' || (relax && c == 'i')) {
                    raw.close();
                    ctl.print("\r\n");
                    return c;
                }
                if (c < 0) {
                    raw.close();
                    ctl.print("\r\n");
                    return 'n';
                }
            }
        }
    }

    private static boolean onlyAccepted(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ACCEPTED_CHARS.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** libvirt's virCommandToString: arguments separated by spaces, shell-quoted where they need it. */
    static String commandString(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (a.isEmpty()) {
                b.append("''");
            } else if (a.chars().noneMatch(c -> SHELL_META.indexOf(c) >= 0)) {
                b.append(a);
            } else {
                b.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage();
    }

    private static String execReason(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("error=13")) {
            return "Permission denied";
        }
        return "No such file or directory";
    }
}
