package org.virtd.driver.xen.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of the xenstore protocol: the raw type (kept as an int so that unknown types can be answered),
 * request id, transaction id and payload.
 */
public record XsMessage(int type, int reqId, int txId, byte[] payload) {

    public static XsMessage of(XsType type, int reqId, int txId, byte[] payload) {
        return new XsMessage(type.code, reqId, txId, payload);
    }

    /** A payload of NUL-terminated strings, the form nearly every request and reply takes. */
    public static byte[] strings(String... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (String s : parts) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /**
     * The NUL-terminated strings at the start of the payload, as the daemon counts them: bytes after the last
     * NUL do not form a string.
     */
    public List<String> nulStrings() {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                out.add(new String(payload, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    /** The single argument of a one-argument request: exactly one NUL, at the end, else null. */
    public String oneArg() {
        if (payload.length == 0 || payload[payload.length - 1] != 0) return null;
        for (int i = 0; i < payload.length - 1; i++) if (payload[i] == 0) return null;
        return new String(payload, 0, payload.length - 1, StandardCharsets.UTF_8);
    }
}
