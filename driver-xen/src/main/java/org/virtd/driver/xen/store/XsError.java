package org.virtd.driver.xen.store;

/**
 * The errors a xenstored may name in an ERROR reply, in the order of Xen's table: the daemon answers any
 * error it cannot translate with the first entry, EINVAL.
 */
public enum XsError {
    EINVAL, EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO, ENOTEMPTY, ENOSYS, EROFS, EBUSY, EAGAIN,
    EISCONN, E2BIG, EPERM;

    /** The error named by an ERROR payload (NUL included or not); unknown names map to EINVAL. */
    public static XsError fromWire(byte[] payload) {
        int n = payload.length;
        while (n > 0 && payload[n - 1] == 0) n--;
        String name = new String(payload, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        for (XsError e : values()) if (e.name().equals(name)) return e;
        return EINVAL;
    }
}
