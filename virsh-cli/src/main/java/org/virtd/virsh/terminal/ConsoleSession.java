package org.virtd.virsh.terminal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingInputStream;
import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.Stream;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * virsh's interactive console (virsh-console.c): the terminal in raw mode, console output copied to stdout as it
 * arrives, keystrokes sent to the stream, until the escape byte is typed (a graceful finish) or the stream ends or
 * fails (then it is aborted). The terminal's settings are restored in every case.
 */
public final class ConsoleSession {
    private static final int CHUNK = 1024;
    /** How often the keyboard loop looks whether the stream side has ended. */
    private static final long POLL_MS = 100;

    private ConsoleSession() {
    }

    /**
     * Runs a console session on the process's terminal.
     *
     * @throws VirException the console could not be opened, or the stream failed
     */
    public static void run(Domain dom, String devName, int flags, int escape) {
        Terminal term;
        try {
            term = TerminalBuilder.builder().system(true).provider("exec").name("virsh-console").build();
        } catch (IOException e) {
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.INTERNAL_ERROR,
                    "unable to set tty attributes: " + e.getMessage());
        }
        Attributes saved = term.getAttributes();
        try {
            term.setAttributes(raw(saved));
            session(dom, devName, flags, escape, term.input());
        } finally {
            term.setAttributes(saved);
            try {
                term.close();
            } catch (IOException ignored) {
                // the settings are restored; nothing else to release
            }
        }
    }

    /** cfmakeraw: no echo, no line editing, no signals from keys, no output translation, byte-at-a-time reads. */
    private static Attributes raw(Attributes from) {
        Attributes a = new Attributes(from);
        a.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP,
                InputFlag.INLCR, InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        a.setOutputFlag(OutputFlag.OPOST, false);
        a.setLocalFlags(EnumSet.of(LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.ICANON, LocalFlag.ISIG,
                LocalFlag.IEXTEN), false);
        a.setControlChar(ControlChar.VMIN, 1);
        a.setControlChar(ControlChar.VTIME, 0);
        return a;
    }

    private static void session(Domain dom, String devName, int flags, int escape, InputStream keys) {
        Stream st = dom.connect().newStream(Flags.STREAM_NONBLOCK);
        dom.openConsole(devName, st, flags);
        AtomicReference<VirException> failure = new AtomicReference<>();
        Object done = new Object();
        boolean[] ended = {false};
        Thread output = Thread.ofPlatform().daemon().name("virsh-console-output").start(() -> {
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            byte[] buf = new byte[CHUNK * 64];
            try {
                int n;
                while ((n = st.recv(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (VirException e) {
                failure.compareAndSet(null, e);
            } catch (IOException e) {
                failure.compareAndSet(null, VirException.of(VirErrorDomain.NONE, VirErrorCode.SYSTEM_ERROR,
                        "cannot write to stdout: " + e.getMessage()));
            }
            synchronized (done) {
                ended[0] = true;
            }
        });
        boolean graceful = true;
        try {
            byte[] buf = new byte[CHUNK];
            while (true) {
                synchronized (done) {
                    if (ended[0]) {
                        graceful = failure.get() == null;
                        break;
                    }
                }
                int first = keys instanceof NonBlockingInputStream nb ? nb.read(POLL_MS) : keys.read();
                if (first == NonBlockingInputStream.READ_EXPIRED) {
                    continue;
                }
                if (first < 0) {
                    break; // stdin closed: leave as virsh does when its stdin watch reports an error
                }
                int n = 0;
                buf[n++] = (byte) first;
                while (n < buf.length && keys.available() > 0) {
                    buf[n++] = (byte) keys.read();
                }
                int escapeAt = -1;
                for (int i = 0; i < n; i++) {
                    if ((buf[i] & 0xff) == escape) {
                        escapeAt = i;
                        break;
                    }
                }
                int send = escapeAt < 0 ? n : escapeAt;
                if (send > 0) {
                    st.send(buf, 0, send);
                }
                if (escapeAt >= 0) {
                    break;
                }
            }
        } catch (VirException e) {
            failure.compareAndSet(null, e);
            graceful = false;
        } catch (IOException e) {
            graceful = false;
        }
        try {
            if (graceful) {
                st.finish();
            } else {
                st.abort();
            }
        } catch (VirException e) {
            failure.compareAndSet(null, VirException.of(VirErrorDomain.NONE, VirErrorCode.INTERNAL_ERROR,
                    "cannot terminate console stream"));
        }
        try {
            output.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
