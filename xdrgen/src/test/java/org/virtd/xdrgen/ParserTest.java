package org.virtd.xdrgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The subset is strict: what could reach a decoder without a bound is refused at build time. */
class ParserTest {
    private static XdrGenException fails(String text) {
        return assertThrows(XdrGenException.class, () -> new Model(Parser.parse("t.x", text)));
    }

    @Test
    void rejectsUnboundedItems() {
        assertEquals("t.x:1: 's' has no maximum length; every variable-length item needs one",
                fails("struct x { string s<>; };").getMessage());
        assertEquals("t.x:1: string 's' must be declared as string s<N>", fails("struct x { string s; };").getMessage());
    }

    @Test
    void rejectsUnknownNamesAndAnnotations() {
        assertEquals("t.x: unknown type 'nope'", fails("struct x { nope y; };").getMessage());
        assertEquals("t.x: unknown constant 'MAX'", fails("struct x { int y<MAX>; };").getMessage());
        assertEquals("t.x: X_PROC_A: unknown annotation @priorty",
                fails("const X_PROGRAM = 1; const X_PROTOCOL_VERSION = 1;\n enum x_procedure { /** @priorty high */ X_PROC_A = 1 };")
                        .getMessage());
        assertEquals("t.x: X_PROC_B: procedure numbers must increase (append-only)",
                fails("enum x_procedure { X_PROC_A = 2, X_PROC_B = 1 };").getMessage());
    }

    @Test
    void readsAnnotations() {
        Map<String, List<String>> a = Parser.annotations("*\n * @acl a:b\n * @acl c:d:E\n * @priority high\n ");
        assertEquals(Map.of("acl", List.of("a:b", "c:d:E"), "priority", List.of("high")), a);
    }

    @Test
    void namesFollowTheContract() {
        assertEquals("needResults", Model.camel("need_results"));
        assertEquals("nrVirtCpu", Model.camel("nrVirtCpu"));
        assertEquals("default_", Model.camel("default"));
        Model m = new Model(Parser.parse("t.x", "struct remote_error { int code; };\n"
                + "struct remote_domain_get_info_args { int x; };\nenum remote_procedure { REMOTE_PROC_A = 1 };"));
        assertEquals("RemoteError", m.javaType("remote_error"));
        assertEquals("DomainGetInfoArgs", m.javaType("remote_domain_get_info_args"));
    }
}
