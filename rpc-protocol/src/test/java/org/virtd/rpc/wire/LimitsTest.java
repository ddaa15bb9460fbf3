package org.virtd.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.virtd.rpc.proto.remote.RemoteConstants;
import org.virtd.xdrgen.XdrGen;

/** The hand-written wire constants agree with virnet.x, the one place the wire is defined. */
class LimitsTest {
    @Test
    void limitsMatchVirnetX() throws Exception {
        String d = System.getProperty("virtd.xdr.dir", "src/main/xdr");
        Map<String, Long> c = XdrGen.load(Path.of(d, "virnet.x")).consts();
        assertEquals(c.get("VIR_NET_MESSAGE_MAX"), (long) Limits.MESSAGE_MAX);
        assertEquals(c.get("VIR_NET_MESSAGE_PAYLOAD_MAX"), (long) Limits.PAYLOAD_MAX);
        assertEquals(c.get("VIR_NET_MESSAGE_HEADER_MAX"), (long) Limits.HEADER_MAX);
        assertEquals(c.get("VIR_NET_MESSAGE_LEN_MAX"), (long) Limits.LENGTH_WORD);
        assertEquals(c.get("VIR_NET_MESSAGE_INITIAL"), (long) Limits.MESSAGE_INITIAL);
        assertEquals(c.get("VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX"), (long) Limits.LEGACY_PAYLOAD_MAX);
        assertEquals(c.get("VIR_NET_MESSAGE_STRING_MAX"), (long) Limits.STRING_MAX);
        assertEquals(c.get("VIR_NET_MESSAGE_NUM_FDS_MAX"), (long) Limits.NUM_FDS_MAX);
        assertEquals(Limits.STRING_MAX, RemoteConstants.REMOTE_STRING_MAX);
        for (MessageType t : MessageType.values()) {
            assertEquals(c.get("VIR_NET_" + t.name()), (long) t.wireValue(), t.name());
            assertEquals(t, MessageType.fromWire(t.wireValue()));
        }
        for (MessageStatus s : MessageStatus.values()) {
            assertEquals(c.get("VIR_NET_" + s.name()), (long) s.wireValue(), s.name());
        }
        assertEquals(null, MessageType.fromWire(7));
        assertEquals(null, MessageStatus.fromWire(-1));
    }
}
