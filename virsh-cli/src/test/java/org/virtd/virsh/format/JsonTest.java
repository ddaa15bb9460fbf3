package org.virtd.virsh.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** libvirt's JSON as virsh's qemu-monitor-command sees it: yajl's parse rules, errors and generator. */
class JsonTest {
    @Test
    void numbersKeepTheirTextAndMembersTheirOrder() throws Exception {
        String doc = "{\"z\":1.50,\"a\":[true,null,-0e3],\"s\":\"q\\\"\\n\\u0041\"}";
        assertEquals("{\"z\":1.50,\"a\":[true,null,-0e3],\"s\":\"q\\\"\\nA\"}", Json.format(Json.parse(doc), false));
    }

    @Test
    void prettyIsYajlsBeautifiedForm() throws Exception {
        assertEquals("{\n  \"return\": {\n    \"status\": \"running\",\n    \"list\": [\n      1,\n      2\n    ]\n  }\n}\n",
                Json.format(Json.parse("{\"return\":{\"status\":\"running\",\"list\":[1,2]}}"), true));
    }

    @Test
    void commentsAreAllowed() throws Exception {
        assertEquals("{\"a\":1}", Json.format(Json.parse("/* c */ {\"a\": // x\n 1}"), false));
    }

    @Test
    void lexicalErrorPointsJustAfterTheBadCharacter() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("{bar}"));
        assertEquals("lexical error: invalid char in json text.\n" + " ".repeat(38) + "{bar}\n"
                + "                     (right here) ------^\n", e.getMessage());
    }

    @Test
    void unfinishedDocumentIsPrematureEof() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("[1,"));
        assertEquals("parse error: premature EOF\n" + " ".repeat(39) + "[1,\n"
                + "                     (right here) ------^\n", e.getMessage());
        assertNull(Json.tryParse("{\"a\" 1}"));
    }
}
