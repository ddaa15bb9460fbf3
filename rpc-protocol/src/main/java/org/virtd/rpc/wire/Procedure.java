package org.virtd.rpc.wire;

import java.util.List;

import org.virtd.rpc.xdr.XdrCodec;

/**
 * Descriptor of one procedure, generated from the IDL: numbers, codecs and the annotations the dispatcher
 * needs. {@code args} of an event is its message struct; {@code ret} of an event is XdrVoid.
 *
 * @param program    program number
 * @param version    program version
 * @param number     procedure number within the program
 * @param name       IDL name without the {@code <PROGRAM>_PROC_} prefix, e.g. {@code DOMAIN_GET_INFO}
 * @param args       codec of the call body (or of the event message)
 * @param ret        codec of the successful reply body
 * @param priority   HIGH procedures never block on a hypervisor and may use the priority workers
 * @param kind       CALL (client calls it) or EVENT (server sends it as MESSAGE)
 * @param stream     whether the call opens a stream, and its direction seen from the client
 * @param needsAuth  false only for procedures allowed before authentication (auth list, SASL, polkit)
 * @param api        Java method name of the public API; "vir" + capitalised gives libvirt's C name
 * @param acl        the access rules of the @acl annotation ("domain:read", "domain:write", ...), in IDL order
 */
public record Procedure<A, R>(int program, int version, int number, String name, XdrCodec<A> args,
        XdrCodec<R> ret, Priority priority, Kind kind, StreamDirection stream, boolean needsAuth, String api,
        List<String> acl) {

    public enum Priority { LOW, HIGH }

    public enum Kind { CALL, EVENT }

    public enum StreamDirection { NONE, READ, WRITE }

    @Override
    public String toString() {
        return name + "(" + number + ")";
    }
}
