package org.virtd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The virConf syntax. Every expected error text and line number below was produced by libvirt
 * 9.0.0's own parser (virConfReadFile) on the same input.
 */
class ConfFileTest {

    private static ConfValue value(ConfFile f, String key) {
        return f.first(key).orElseThrow().value();
    }

    private static ConfValue.Str str(String s) {
        return new ConfValue.Str(s);
    }

    private static ConfValue.Num unsigned(long v) {
        return new ConfValue.Num(v, false);
    }

    @Test
    void readsEveryValueType() throws Exception {
        ConfFile f = ConfFile.parse("""
                # a comment line
                  a = 1 # trailing comment
                b=-5;c="s p a c e"
                d = 'single "quoted"'
                e = +7
                f = -0
                g = \"\"\"multi
                line\"\"\"
                h = [ "x",
                  "y",
                    ]
                i = []
                j = [1, [2, "x"], ]
                a1_B = 2
                """, "t.conf");
        assertEquals(unsigned(1), value(f, "a"));
        assertEquals(new ConfValue.Num(-5, true), value(f, "b"));
        assertEquals(str("s p a c e"), value(f, "c"));
        assertEquals(str("single \"quoted\""), value(f, "d"));
        assertEquals(unsigned(7), value(f, "e"));
        assertEquals(new ConfValue.Num(0, true), value(f, "f"));
        assertEquals(str("multi\nline"), value(f, "g"));
        assertEquals(new ConfValue.ListValue(List.of(str("x"), str("y"))), value(f, "h"));
        assertEquals(new ConfValue.ListValue(List.of()), value(f, "i"));
        assertEquals(new ConfValue.ListValue(List.of(unsigned(1),
                new ConfValue.ListValue(List.of(unsigned(2), str("x"))))), value(f, "j"));
        assertEquals(unsigned(2), value(f, "a1_B"));
    }

    @Test
    void recordsTheLineOfEachKey() throws Exception {
        ConfFile f = ConfFile.parse("\n# c\na = 1\nb = [\n \"x\",\n \"y\" ]\nc = \"\"\"1\n2\n3\"\"\"\nd = 4\n", "t");
        assertEquals(List.of(3, 4, 7, 10), f.entries().stream().map(ConfEntry::line).toList());
    }

    @Test
    void firstAssignmentWins() throws Exception {
        ConfFile f = ConfFile.parse("a = 1\na = 2\n", "t");
        assertEquals(unsigned(1), value(f, "a"));
        assertEquals(2, f.entries().size());
    }

    @Test
    void emptyAndCommentOnlyFilesAreFine() throws Exception {
        assertTrue(ConfFile.parse("", "t").entries().isEmpty());
        assertTrue(ConfFile.parse("# only\n", "t").entries().isEmpty());
        assertTrue(ConfFile.parse("\n\n# only", "t").entries().isEmpty());
        assertEquals(1, ConfFile.parse("a = 1\n   ", "t").entries().size());
        assertEquals(1, ConfFile.parse("\n\n a = 1 # c\n\n", "t").entries().size());
    }

    @Test
    void oversizedNumbersSaturateInsteadOfWrapping() throws Exception {
        ConfFile f = ConfFile.parse("c = 99999999999999999999\nd = -99999999999999999999\n", "t");
        assertEquals(unsigned(Long.MAX_VALUE), value(f, "c"));
        assertEquals(new ConfValue.Num(Long.MIN_VALUE, true), value(f, "d"));
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("listen_tcp = 1\n\nfoo bar\n", 3, "expecting an assignment"),
                Arguments.of("\n\n", 3, "expecting a name"),
                Arguments.of("  \n", 2, "expecting a name"),
                Arguments.of("_a = 1\n", 1, "expecting a name"),
                Arguments.of("a = \"\"\"\"\"\"", 1, "expecting a separator"),
                Arguments.of("a = 1 b = 2\n", 1, "expecting a separator"),
                Arguments.of("a = [ 1 2 ]", 1, "expecting a separator in list"),
                Arguments.of("a = \"x", 1, "unterminated string"),
                Arguments.of("a = 'x\ny'", 1, "unterminated string"),
                // libvirt stops counting lines two characters before the end of the text.
                Arguments.of("a = \"\"\"x\ny\nz", 2, "unterminated string"),
                Arguments.of("a = \"\"\"x\ny\nzzzz", 3, "unterminated string"),
                Arguments.of("a = -\n", 1, "unterminated number"),
                Arguments.of("a = [ \"x\",\n\n \"y\"\n", 4, "list is not closed with ]"),
                Arguments.of("a = 1\r\nb = x\r\n", 2, "expecting a value"),
                Arguments.of("a =\n", 1, "expecting a value"),
                Arguments.of("a = ", 1, "expecting a value"),
                Arguments.of("# c\n  a = 1 # x\nb=-5;c=\"s\"\nd = [ \"x\",\n  \"y\", # no\n ]\n", 5,
                        "expecting a value"),
                Arguments.of("a = 1\nb = [ \"x\",\n  # comment\n \"y\" ]\n", 3, "expecting a value"));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void syntaxErrorsNameFileAndLine(String text, int line, String what) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfFile.parse(text, "x.conf"));
        assertEquals("configuration file syntax error: x.conf:" + line + ": " + what, e.getMessage());
        assertEquals(ConfigException.Kind.CONF_SYNTAX, e.kind());
        assertEquals(33, e.kind().code());
        assertEquals(line, e.line());
        assertEquals("x.conf", e.file());
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("v.conf");
        Files.writeString(p, "a = \"\u00e9t\u00e9\"\n");
        ConfFile f = ConfFile.read(p);
        assertEquals(p.toString(), f.fileName());
        assertEquals(str("\u00e9t\u00e9"), value(f, "a"));
    }

    @Test
    void aMissingFileIsASystemError(@TempDir Path dir) {
        Path p = dir.resolve("nonexist.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfFile.read(p));
        assertEquals("Failed to open file '" + p + "': No such file or directory", e.getMessage());
        assertEquals(ConfigException.Kind.SYSTEM_ERROR, e.kind());
        assertEquals("Can't load config file: Failed to open file '" + p
                + "': No such file or directory: " + p, e.loadFailureMessage());
    }
}
