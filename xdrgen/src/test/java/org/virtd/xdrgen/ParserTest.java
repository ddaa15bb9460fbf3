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

    @Test
    void importedTypesResolveToTheirOwnFileAndPackage() {
        Model remote = new Model(Parser.parse("remote.x", "struct remote_nonnull_domain { int id; };\n"
                + "const REMOTE_MAX = 7;\nenum remote_procedure { REMOTE_PROC_A = 1 };"));
        Model qemu = new Model(Parser.parse("qemu.x", "import remote;\n"
                + "struct qemu_x_args { remote_nonnull_domain dom; opaque o<REMOTE_MAX>; };\n"
                + "const QEMU_PROGRAM = 1;\nconst QEMU_PROTOCOL_VERSION = 1;\n"
                + "enum qemu_procedure { QEMU_PROC_X = 1 };"), List.of(remote));
        assertEquals("NonnullDomain", qemu.javaType("remote_nonnull_domain"));
        assertEquals(remote, qemu.importOwner("remote_nonnull_domain"));
        String args = XdrGen.types(qemu, "org.example.proto.qemu").get("XArgs.java");
        assertEquals(true, args.contains("import org.example.proto.remote.NonnullDomain;"), args);
        assertEquals(true, args.contains("in.readOpaque(7)"), args);
    }

    @Test
    void importsComeFirst() {
        assertEquals("t.x:2: imports must come before every definition",
                fails("struct a { int x; };\nimport remote;").getMessage());
    }
}
