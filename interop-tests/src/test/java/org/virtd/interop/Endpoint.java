package org.virtd.interop;

import java.nio.file.Path;

/** One daemon under comparison: how a client reaches it (TCP port, unix sockets) and its name in reports. */
record Endpoint(String name, int tcpPort, Path rwSocket, Path roSocket) {

    String tcpUri() {
        return "test+tcp://127.0.0.1:" + tcpPort + "/default";
    }

    String unixUri() {
        return "test+unix:///default?socket=" + rwSocket;
    }

    String roUnixUri() {
        return "test+unix:///default?socket=" + roSocket;
    }

    /** Output with this endpoint's own addresses replaced, so two daemons' outputs compare equal. */
    String normalize(String text) {
        return text.replace(unixUri(), "UNIX_URI").replace(roUnixUri(), "RO_UNIX_URI")
                .replace(tcpUri(), "TCP_URI").replace(rwSocket.toString(), "RW_SOCKET")
                .replace(roSocket.toString(), "RO_SOCKET").replace("127.0.0.1:" + tcpPort, "127.0.0.1:PORT");
    }
}
