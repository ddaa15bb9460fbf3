package org.virtd.virsh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The controlling terminal in raw mode (no line buffering, no echo) for single-key prompts, as virsh's
 * vshTTYMakeRaw; {@link #close} puts the saved settings back. Uses {@code stty} on {@code /dev/tty}, so it needs
 * no native code.
 */
final class RawTerminal implements AutoCloseable {
    private final String saved;
    private final InputStream in;
    private boolean restored;

    private RawTerminal(String saved, InputStream in) {
        this.saved = saved;
        this.in = in;
    }

    static RawTerminal enter() {
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        return new RawTerminal(saved, System.in);
    }

    /** One byte from the terminal, or -1 at end of input. */
    int read() {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (!restored) {
            restored = true;
            stty(saved);
        }
    }

    private static String stty(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "stty";
        System.arraycopy(args, 0, argv, 1, args.length);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
