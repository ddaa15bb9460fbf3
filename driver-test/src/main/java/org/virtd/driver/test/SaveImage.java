package org.virtd.driver.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.driver.spi.support.SystemErrors;

/**
 * The test driver's save image, byte-compatible with libvirt 9.0's test driver so images move between it and
 * virtd: the 15 bytes "TestGuestMagic" with its NUL, the XML's byte length as a host-order 32-bit int, then the
 * domain XML (secure form, no terminator).
 */
final class SaveImage {
    static final byte[] MAGIC = "TestGuestMagic\0".getBytes(StandardCharsets.US_ASCII);
    /** libvirt refuses metadata longer than this when reading. */
    static final int MAX_XML = 8192;

    private SaveImage() {
    }

    /** Writes the image (mode 0600 when created); a partly written file is removed. */
    static void write(Path path, String domainName, String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        OutputStream out;
        boolean created = !Files.exists(path);
        try {
            out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw systemError(e, "saving domain '" + domainName + "' to '" + path + "': open failed");
        }
        try (out) {
            if (created) {
                restrict(path);
            }
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(body.length).array());
            out.write(body);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the write error is the one to report
            }
            throw systemError(e, "saving domain '" + domainName + "' to '" + path + "': write failed");
        }
    }

    private static void restrict(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // no POSIX attributes here: the umask's mode stays
        }
    }

    /** Reads an image written by {@link #write} or by libvirt's test driver; returns its XML. */
    static String read(Path path) {
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            throw systemError(e, "cannot read domain image '" + path + "'");
        }
        try (in) {
            byte[] magic;
            try {
                magic = in.readNBytes(MAGIC.length);
            } catch (IOException e) {
                throw systemError(e, "incomplete save header in '" + path + "'");
            }
            if (magic.length != MAGIC.length) {
                throw systemError(null, "incomplete save header in '" + path + "'");
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw VirException.of(VirErrorDomain.TEST, VirErrorCode.INTERNAL_ERROR, "mismatched header magic");
            }
            byte[] lenBytes = in.readNBytes(4);
            if (lenBytes.length != 4) {
                throw systemError(null, "failed to read metadata length in '" + path + "'");
            }
            int len = ByteBuffer.wrap(lenBytes).order(ByteOrder.nativeOrder()).getInt();
            if (len < 1 || len > MAX_XML) {
                throw VirException.of(VirErrorDomain.TEST, VirErrorCode.INTERNAL_ERROR,
                        "length of metadata out of range");
            }
            byte[] xml = in.readNBytes(len);
            if (xml.length != len) {
                throw systemError(null, "incomplete metadata in '" + path + "'");
            }
            // libvirt reads the XML as a C string: it ends at the first NUL.
            int end = 0;
            while (end < xml.length && xml[end] != 0) {
                end++;
            }
            return new String(xml, 0, end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw systemError(e, "cannot read domain image '" + path + "'");
        }
    }

    /** libvirt's system error for the test driver (see {@link SystemErrors}). */
    static VirException systemError(@Nullable IOException e, String message) {
        return SystemErrors.of(VirErrorDomain.TEST, e, message);
    }
}
