package org.virtd.driver.xen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;

/**
 * The save image of libvirt's libxl driver: a 64-byte header (the magic {@code "libvirt-xml\n \0 \r"}, version 2,
 * the XML's length including its NUL, padding; integers in host order), the domain XML, then the hypervisor's own
 * image. Restore reads it back with libvirt's error texts.
 */
final class XenSaveImage {
    static final byte[] MAGIC = "libvirt-xml\n \0 \r".getBytes(StandardCharsets.ISO_8859_1);
    static final int VERSION = 2;
    static final int HEADER = 64;

    private XenSaveImage() {}

    static void writeHeader(OutputStream out, String xml) throws IOException {
        byte[] x = (xml + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.nativeOrder());
        h.put(MAGIC).putInt(VERSION).putInt(x.length);
        out.write(h.array());
        out.write(x);
    }

    /** Reads the header and the XML, leaving {@code in} at the hypervisor's image. */
    static String readHeader(InputStream in) throws IOException {
        byte[] h = in.readNBytes(HEADER);
        if (h.length != HEADER) throw failed("failed to read libxl header");
        if (!Arrays.equals(Arrays.copyOf(h, MAGIC.length), MAGIC)) {
            throw VirException.of(XenDriverState.FROM, VirErrorCode.INVALID_ARG, "image magic is incorrect");
        }
        ByteBuffer b = ByteBuffer.wrap(h, MAGIC.length, 8).order(ByteOrder.nativeOrder());
        int version = b.getInt();
        int xmlLen = b.getInt();
        if (Integer.compareUnsigned(version, VERSION) > 0) {
            throw failed("image version is not supported (" + version + " > " + VERSION + ")");
        }
        if (xmlLen <= 0) throw failed("invalid XML length: " + xmlLen);
        byte[] x = in.readNBytes(xmlLen);
        if (x.length != xmlLen) throw failed("failed to read XML");
        int end = 0;
        while (end < x.length && x[end] != 0) end++;
        return new String(x, 0, end, StandardCharsets.UTF_8);
    }

    private static VirException failed(String message) {
        return VirException.of(XenDriverState.FROM, VirErrorCode.OPERATION_FAILED, message);
    }
}
