package org.virtd.virsh;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.virtd.api.Connect;
import org.virtd.api.ConnectUri;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * {@code virConnectSetKeepAlive} for virsh's connect. The public API has no such call yet; until it does, this
 * uses it when present and otherwise answers as libvirt's drivers do: only the remote driver implements keepalive,
 * so an in-process URI (no transport, no host: driver-test here) gets libvirt's "not supported" error, and a
 * remote connection is taken as accepting it.
 */
final class KeepAlive {
    private static final Method API = find();

    private KeepAlive() {
    }

    private static Method find() {
        try {
            return Connect.class.getMethod("setKeepAlive", int.class, int.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static void set(Connect conn, int interval, int count) {
        if (API != null) {
            try {
                API.invoke(conn, interval, count);
                return;
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof VirException v) {
                    throw v;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        ConnectUri uri;
        try {
            uri = ConnectUri.parse(conn.getUri());
        } catch (RuntimeException e) {
            return;
        }
        if (uri.isLocal()) {
            throw VirException.of(VirErrorDomain.NONE, VirErrorCode.NO_SUPPORT, "virConnectSetKeepAlive");
        }
    }
}
