package org.virtd.rpc.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.virtd.rpc.proto.remote.AuthType;
import org.virtd.rpc.proto.remote.RemoteProcedure;
import org.virtd.rpc.proto.remote.RemoteProgram;
import org.virtd.rpc.wire.Procedure;
import org.virtd.rpc.xdr.XdrVoid;

/** The generated table carries the numbers and annotations of libvirt 9.0 for the procedures we describe. */
class RemoteProgramTest {
    @Test
    void numbersAndLookup() {
        assertEquals(0x20008086, RemoteProgram.INSTANCE.number());
        assertEquals(1, RemoteProgram.INSTANCE.version());
        assertSame(RemoteProcedure.DOMAIN_GET_INFO, RemoteProgram.INSTANCE.procedure(16));
        assertSame(RemoteProcedure.CONNECT_LIST_ALL_DOMAINS, RemoteProgram.INSTANCE.procedure(273));
        assertNull(RemoteProgram.INSTANCE.procedure(8), "gap");
        assertNull(RemoteProgram.INSTANCE.procedure(-1));
        assertNull(RemoteProgram.INSTANCE.procedure(100000));
    }

    @Test
    void everyRequiredProcedureIsPresent() {
        List<Integer> required = List.of(1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                25, 27, 28, 29, 30, 31, 32, 33, 34, 35, 37, 51, 54, 55, 59, 60, 64, 65, 66, 67, 68, 69, 70, 101, 102, 105,
                106, 107, 110, 121, 122, 135, 136, 149, 150, 151, 157, 159, 160, 161, 163, 164, 167, 168, 174, 182, 183,
                184, 187, 196, 199, 200, 201, 203, 204, 211, 212, 231, 234, 245, 258, 273, 277, 278, 298, 302, 303, 304,
                305, 306, 307, 316, 317, 318, 319, 320, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 332, 333,
                339, 344, 346, 348, 350, 354, 359, 360, 361, 362, 363, 367, 379, 385, 423, 426, 438);
        for (int n : required) {
            assertNotNull(RemoteProgram.INSTANCE.procedure(n), "procedure " + n);
        }
    }

    @Test
    void annotations() {
        Set<String> preAuth = RemoteProgram.INSTANCE.procedures().stream().filter(p -> !p.needsAuth())
                .map(Procedure::name).collect(Collectors.toSet());
        assertEquals(Set.of("AUTH_LIST", "AUTH_SASL_INIT", "AUTH_SASL_START", "AUTH_SASL_STEP", "AUTH_POLKIT"), preAuth);
        assertEquals(Procedure.Priority.HIGH, RemoteProcedure.DOMAIN_DESTROY.priority());
        assertEquals(Procedure.Priority.LOW, RemoteProcedure.DOMAIN_GET_INFO.priority());
        assertEquals(Procedure.Kind.EVENT, RemoteProcedure.DOMAIN_EVENT_CALLBACK_LIFECYCLE.kind());
        assertSame(XdrVoid.CODEC, RemoteProcedure.DOMAIN_EVENT_CALLBACK_LIFECYCLE.ret());
        assertEquals(Procedure.StreamDirection.READ, RemoteProcedure.DOMAIN_SCREENSHOT.stream());
        assertEquals(Procedure.StreamDirection.NONE, RemoteProcedure.DOMAIN_GET_INFO.stream());
        assertEquals("domainGetXMLDesc", RemoteProcedure.DOMAIN_GET_XML_DESC.api());
        assertEquals("connectDomainXMLFromNative", RemoteProcedure.CONNECT_DOMAIN_XML_FROM_NATIVE.api());
        assertSame(XdrVoid.CODEC, RemoteProcedure.CONNECT_CLOSE.args());
        assertFalse(RemoteProgram.INSTANCE.procedures().isEmpty());
    }

    @Test
    void openEnumKeepsUnknownValues() {
        assertEquals(AuthType.SASL, new AuthType(1));
        assertTrue(AuthType.POLKIT.isKnown());
        AuthType future = new AuthType(9);
        assertFalse(future.isKnown());
        assertEquals("UNKNOWN(9)", future.name());
    }
}
