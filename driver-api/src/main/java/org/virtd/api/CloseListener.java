package org.virtd.api;

/** Told when a connection goes away; reason is libvirt's {@code virConnectCloseReason} (0 ERROR, 1 EOF, 2 KEEPALIVE, 3 CLIENT). */
@FunctionalInterface
public interface CloseListener {
    void onClose(Connect connect, int reason);
}
