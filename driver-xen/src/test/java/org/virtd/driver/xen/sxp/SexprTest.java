package org.virtd.driver.xen.sxp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtd.driver.xen.sxp.Sexpr.Atom;
import org.virtd.driver.xen.sxp.Sexpr.SList;

class SexprTest {
    @Test
    void readsXendSyntax() throws Exception {
        SList l = (SList) Sexpr.parse("(domain (name 'a b')(memory 400)\n (args \"x\\\"y\") (bootloader) (e ''))");
        assertEquals("domain", l.head());
        assertEquals("a b", l.value("name"));
        assertEquals("400", l.value("memory"));
        assertEquals("x\"y", l.value("args"));
        assertNull(l.value("bootloader"));
        assertEquals("", l.value("e"));
        assertEquals(List.of(new Atom("bootloader")), l.child("bootloader").items());
    }

    @Test
    void lineContinuationsVanishEverywhere() throws Exception {
        SList l = (SList) Sexpr.parse("(a (b 'x\\\ny')(c d\\\ne))");
        assertEquals("xy", l.value("b"));
        assertEquals("de", l.value("c"));
    }

    @Test
    void escapesSurviveAPrintAndReadBack() throws Exception {
        Sexpr e = Sexpr.list(Sexpr.atom("vm"), Sexpr.list(Sexpr.atom("name"), Sexpr.atom("it's \\ (odd)")),
                Sexpr.list(Sexpr.atom("empty"), Sexpr.atom("")), Sexpr.list(Sexpr.atom("n"), Sexpr.atom("42")));
        String text = e.toString();
        assertEquals("(vm (name 'it\\'s \\\\ (odd)')(empty '')(n 42))", text);
        assertEquals(e, Sexpr.parse(text));
    }

    @Test
    void reportsLineAndColumn() {
        SxprException e = assertThrows(SxprException.class, () -> Sexpr.parse("(a\n (b c)\n (d 'e'"));
        assertEquals("unexpected end of input at line 3, column 8: missing ')' for the '(' at line 3, column 2",
                e.getMessage());
        assertEquals(3, e.line());
        assertEquals(8, e.column());

        e = assertThrows(SxprException.class, () -> Sexpr.parse("(a 'unterminated)"));
        assertEquals("unexpected end of input at line 1, column 18: missing closing ' for the string at line 1,"
                + " column 4", e.getMessage());

        e = assertThrows(SxprException.class, () -> Sexpr.parse("(a))"));
        assertEquals("unexpected ')' after the expression at line 1, column 4", e.getMessage());

        e = assertThrows(SxprException.class, () -> Sexpr.parse(")"));
        assertEquals("unexpected ')' at line 1, column 1", e.getMessage());

        e = assertThrows(SxprException.class, () -> Sexpr.parse("  \n "));
        assertEquals("unexpected end of input: no expression at line 2, column 2", e.getMessage());
    }

    @Test
    void nestingIsBounded() throws Exception {
        String ok = "(".repeat(Sexpr.MAX_DEPTH) + ")".repeat(Sexpr.MAX_DEPTH);
        Sexpr deep = Sexpr.parse(ok);
        assertEquals(ok, deep.toString());
        String tooDeep = "(".repeat(Sexpr.MAX_DEPTH + 1);
        SxprException e = assertThrows(SxprException.class, () -> Sexpr.parse(tooDeep));
        assertEquals("nesting deeper than 256 levels at line 1, column 257", e.getMessage());
        // a million open parentheses end in the same error, not a StackOverflowError
        assertThrows(SxprException.class, () -> Sexpr.parse("(".repeat(1_000_000)));
        assertThrows(SxprException.class, () -> Sexpr.parseLenient("(".repeat(1_000_000)));
    }

    @Test
    void sizeIsBounded() {
        SxprException e = assertThrows(SxprException.class,
                () -> Sexpr.parse("(a '" + "x".repeat(Sexpr.MAX_CHARS) + "')"));
        assertEquals(1, e.line());
    }

    @Test
    void lenientReadingIsLibvirtsTolerance() throws Exception {
        assertEquals(Sexpr.parse("(a (b c))"), Sexpr.parseLenient("(a (b c"));
        assertEquals(Sexpr.parse("(a (b c))"), Sexpr.parseLenient("(a (b c)))) junk"));
        assertThrows(SxprException.class, () -> Sexpr.parseLenient("(a 'open"));
    }
}
