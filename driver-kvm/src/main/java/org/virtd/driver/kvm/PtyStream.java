package org.virtd.driver.kvm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.driver.spi.support.ChannelStreamBackend;
import org.virtd.driver.spi.support.SystemErrors;

/**
 * A guest console: the pty QEMU opened, put in raw mode (no echo, no line editing: the guest's own terminal does
 * that), read and written as a stream, as libvirt's console streams do.
 */
final class PtyStream {
    private PtyStream() {}

    static ChannelStreamBackend open(Path pty) {
        try {
            // stty is the portable way to set termios from Java; the pty's settings belong to its slave side.
            Process p = new ProcessBuilder("stty", "-F", pty.toString(), "raw", "-echo")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String out = new String(p.getInputStream().readAllBytes()).strip();
                p.destroyForcibly();
                throw VirException.of(QemuDriverState.FROM, VirErrorCode.INTERNAL_ERROR,
                        "unable to set raw mode on " + pty + ": " + out);
            }
            FileChannel in = FileChannel.open(pty, StandardOpenOption.READ);
            FileChannel out = FileChannel.open(pty, StandardOpenOption.WRITE);
            return new ChannelStreamBackend(in, out);
        } catch (IOException e) {
            throw SystemErrors.of(QemuDriverState.FROM, e, "Unable to open tty " + pty);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(QemuDriverState.FROM, VirErrorCode.INTERNAL_ERROR, "interrupted opening " + pty);
        }
    }
}
