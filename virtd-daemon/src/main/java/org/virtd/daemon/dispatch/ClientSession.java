package org.virtd.daemon.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtd.api.Connect;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.rpc.server.ServerConnection;

/**
 * The daemon's state for one client (libvirt's {@code daemonClientPrivate}): the hypervisor connection opened by
 * CONNECT_OPEN, the event callbacks it registered, and whether it asked for the close callback. Released when
 * the client goes away, so a vanished client leaves no callbacks or connections behind.
 */
final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    /** How a registered event callback reaches the client: with its callback id (316) or the legacy way (105/167). */
    enum CallbackStyle { CALLBACK, LEGACY_ANY, LEGACY_LIFECYCLE }

    record Callback(int callbackId, int eventId, CallbackStyle style) {
    }

    private final ServerConnection connection;
    private @Nullable Connect connect;
    private final Map<Integer, Callback> callbacks = new LinkedHashMap<>();
    private boolean closeCallbackRegistered;

    ClientSession(ServerConnection connection) {
        this.connection = connection;
    }

    ServerConnection connection() {
        return connection;
    }

    /** The open hypervisor connection, or libvirtd's "hypervisor connection not open" (1/7). */
    synchronized Connect connect() {
        if (connect == null) {
            throw VirException.of(VirErrorDomain.RPC, VirErrorCode.INTERNAL_ERROR, "hypervisor connection not open");
        }
        return connect;
    }

    synchronized boolean isOpen() {
        return connect != null;
    }

    /** Installs the connection CONNECT_OPEN opened; fails with "connection already open" on a second open. */
    synchronized void open(Connect c) {
        if (connect != null) {
            c.close();
            throw VirException.of(VirErrorDomain.RPC, VirErrorCode.INTERNAL_ERROR, "connection already open");
        }
        connect = c;
    }

    synchronized void addCallback(Callback cb) {
        callbacks.put(cb.callbackId(), cb);
    }

    synchronized @Nullable Callback removeCallback(int callbackId) {
        return callbacks.remove(callbackId);
    }

    synchronized @Nullable Callback findLegacy(int eventId, CallbackStyle style) {
        for (Callback cb : callbacks.values()) {
            if (cb.eventId() == eventId && cb.style() == style) {
                return cb;
            }
        }
        return null;
    }

    synchronized void setCloseCallbackRegistered(boolean on) {
        closeCallbackRegistered = on;
    }

    synchronized boolean closeCallbackRegistered() {
        return closeCallbackRegistered;
    }

    /** Deregisters every callback and closes the hypervisor connection (CONNECT_CLOSE, or the client vanished). */
    void release() {
        Connect c;
        List<Callback> cbs;
        synchronized (this) {
            c = connect;
            connect = null;
            cbs = new ArrayList<>(callbacks.values());
            callbacks.clear();
            closeCallbackRegistered = false;
        }
        if (c == null) {
            return;
        }
        for (Callback cb : cbs) {
            try {
                c.domainEventDeregisterAny(cb.callbackId());
            } catch (VirException e) {
                LOG.debug("{}: deregistering callback {}: {}", connection, cb.callbackId(), e.getMessage());
            }
        }
        c.close();
    }
}
