package org.virtd.virsh.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON that virsh's {@code qemu-monitor-command} reads and writes, behaving as libvirt 9.0's JSON layer
 * (yajl underneath): comments are allowed, numbers keep the text they were written with, object members keep
 * their order, and a document that does not parse fails with yajl's verbose message ("lexical error: invalid
 * char in json text." followed by the text around the error and an arrow at it), which virsh shows.
 */
public final class Json {
    private Json() {
    }

    /** A parsed value. */
    public sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
    }

    /** An object; members in document order (duplicates kept, as libvirt keeps them). */
    public record Obj(List<Map.Entry<String, Value>> members) implements Value {
        public Obj {
            members = List.copyOf(members);
        }

        /** The first member named {@code key}, or null. */
        public Value get(String key) {
            for (Map.Entry<String, Value> e : members) {
                if (e.getKey().equals(key)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    public record Arr(List<Value> items) implements Value {
        public Arr {
            items = List.copyOf(items);
        }
    }

    public record Str(String value) implements Value {
    }

    /** A number as written in the document. */
    public record Num(String text) implements Value {
    }

    public record Bool(boolean value) implements Value {
    }

    public record Null() implements Value {
    }

    /** A document that does not parse; the message is yajl's verbose one, ending in a newline. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /** Parses one JSON document. */
    public static Value parse(String text) throws ParseException {
        return new Parser(text).document();
    }

    /** Parses, or returns null for anything that does not parse (virsh's quiet probes). */
    public static Value tryParse(String text) {
        try {
            return parse(text);
        } catch (ParseException e) {
            return null;
        }
    }

    /** yajl's generator: compact, or beautified with two-space indents and a space after each colon. */
    public static String format(Value v, boolean pretty) {
        StringBuilder b = new StringBuilder();
        write(b, v, pretty, 0);
        if (pretty) {
            b.append('\n');
        }
        return b.toString();
    }

    private static void indent(StringBuilder b, int depth) {
        b.append("  ".repeat(depth));
    }

    private static void write(StringBuilder b, Value v, boolean pretty, int depth) {
        switch (v) {
            case Obj o -> {
                b.append('{');
                if (pretty) {
                    b.append('\n');
                }
                boolean first = true;
                for (Map.Entry<String, Value> e : o.members()) {
                    if (!first) {
                        b.append(pretty ? ",\n" : ",");
                    }
                    first = false;
                    if (pretty) {
                        indent(b, depth + 1);
                    }
                    string(b, e.getKey());
                    b.append(pretty ? ": " : ":");
                    write(b, e.getValue(), pretty, depth + 1);
                }
                if (pretty) {
                    b.append('\n');
                    indent(b, depth);
                }
                b.append('}');
            }
            case Arr a -> {
                b.append('[');
                if (pretty) {
                    b.append('\n');
                }
                boolean first = true;
                for (Value item : a.items()) {
                    if (!first) {
                        b.append(pretty ? ",\n" : ",");
                    }
                    first = false;
                    if (pretty) {
                        indent(b, depth + 1);
                    }
                    write(b, item, pretty, depth + 1);
                }
                if (pretty) {
                    b.append('\n');
                    indent(b, depth);
                }
                b.append(']');
            }
            case Str s -> string(b, s.value());
            case Num n -> b.append(n.text());
            case Bool bo -> b.append(bo.value() ? "true" : "false");
            case Null n -> b.append("null");
        }
    }

    /** yajl's string escaping: quote, backslash and control characters; everything else as is. */
    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * A recursive-descent reader that reports errors where yajl does: lexical errors just after the offending
     * character (or at it, for the ones yajl's lexer puts back), grammar errors just after the unexpected token,
     * and an unfinished document as "premature EOF" one byte into the final pass yajl makes.
     */
    private static final class Parser {
        private static final String INVALID_CHAR = "invalid char in json text.";
        private static final String INVALID_STRING = "invalid string in json text.";

        private final String text;
        private final byte[] bytes;
        private int pos;

        private enum Kind { LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, COLON, STRING, NUMBER, TRUE, FALSE, NULL, EOF }

        private record Token(Kind kind, String value) {
        }

        Parser(String text) {
            this.text = text;
            this.bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        Value document() throws ParseException {
            Token t = next();
            if (t.kind == Kind.EOF) {
                throw premature();
            }
            Value v = value(t);
            Token after = next();
            if (after.kind != Kind.EOF) {
                throw parse("trailing garbage");
            }
            return v;
        }

        private Value value(Token t) throws ParseException {
            return switch (t.kind) {
                case LBRACE -> object();
                case LBRACKET -> array();
                case STRING -> new Str(t.value);
                case NUMBER -> new Num(t.value);
                case TRUE -> new Bool(true);
                case FALSE -> new Bool(false);
                case NULL -> new Null();
                case EOF -> throw premature();
                default -> throw parse("unallowed token at this point in JSON text");
            };
        }

        private Value object() throws ParseException {
            List<Map.Entry<String, Value>> members = new ArrayList<>();
            Token t = next();
            if (t.kind == Kind.RBRACE) {
                return new Obj(members);
            }
            while (true) {
                if (t.kind == Kind.EOF) {
                    throw premature();
                }
                if (t.kind != Kind.STRING) {
                    throw parse("invalid object key (must be a string)");
                }
                String key = t.value;
                Token colon = next();
                if (colon.kind == Kind.EOF) {
                    throw premature();
                }
                if (colon.kind != Kind.COLON) {
                    throw parse("object key and value must be separated by a colon (':')");
                }
                Token v = next();
                members.add(Map.entry(key, value(v)));
                Token sep = next();
                if (sep.kind == Kind.RBRACE) {
                    return new Obj(members);
                }
                if (sep.kind == Kind.EOF) {
                    throw premature();
                }
                if (sep.kind != Kind.COMMA) {
                    throw parseAtToken("after key and value, inside map, I expect ',' or '}'", sep);
                }
                t = next();
            }
        }

        private Value array() throws ParseException {
            List<Value> items = new ArrayList<>();
            Token t = next();
            if (t.kind == Kind.RBRACKET) {
                return new Arr(items);
            }
            while (true) {
                items.add(value(t));
                Token sep = next();
                if (sep.kind == Kind.RBRACKET) {
                    return new Arr(items);
                }
                if (sep.kind == Kind.EOF) {
                    throw premature();
                }
                if (sep.kind != Kind.COMMA) {
                    throw parse("after array element, I expect ',' or ']'");
                }
                t = next();
            }
        }

        // ---- lexer (over UTF-8 bytes, as yajl counts offsets in bytes)

        private int lastTokenStart;
        private int lastStringRawLength;

        private Token next() throws ParseException {
            while (true) {
                if (pos >= bytes.length) {
                    return new Token(Kind.EOF, null);
                }
                lastTokenStart = pos;
                int c = bytes[pos++] & 0xff;
                switch (c) {
                    case ' ', '\t', '\n', '\r', '\f', 0x0b -> {
                        continue;
                    }
                    case '{' -> {
                        return new Token(Kind.LBRACE, null);
                    }
                    case '}' -> {
                        return new Token(Kind.RBRACE, null);
                    }
                    case '[' -> {
                        return new Token(Kind.LBRACKET, null);
                    }
                    case ']' -> {
                        return new Token(Kind.RBRACKET, null);
                    }
                    case ',' -> {
                        return new Token(Kind.COMMA, null);
                    }
                    case ':' -> {
                        return new Token(Kind.COLON, null);
                    }
                    case '"' -> {
                        return string();
                    }
                    case 't' -> {
                        return literal("rue", Kind.TRUE);
                    }
                    case 'f' -> {
                        return literal("alse", Kind.FALSE);
                    }
                    case 'n' -> {
                        return literal("ull", Kind.NULL);
                    }
                    case '/' -> comment();
                    default -> {
                        if (c == '-' || (c >= '0' && c <= '9')) {
                            return number(pos - 1);
                        }
                        throw lexical(INVALID_CHAR);
                    }
                }
            }
        }

        private Token literal(String rest, Kind kind) throws ParseException {
            for (int i = 0; i < rest.length(); i++) {
                if (pos >= bytes.length) {
                    return new Token(Kind.EOF, null);
                }
                if (bytes[pos] != rest.charAt(i)) {
                    throw lexical(INVALID_STRING);
                }
                pos++;
            }
            return new Token(kind, null);
        }

        private void comment() throws ParseException {
            if (pos >= bytes.length) {
                throw premature();
            }
            int c = bytes[pos++];
            if (c == '/') {
                while (pos < bytes.length && bytes[pos] != '\n') {
                    pos++;
                }
            } else if (c == '*') {
                while (true) {
                    if (pos + 1 >= bytes.length) {
                        pos = bytes.length;
                        throw premature();
                    }
                    if (bytes[pos] == '*' && bytes[pos + 1] == '/') {
                        pos += 2;
                        return;
                    }
                    pos++;
                }
            } else {
                throw lexical(INVALID_CHAR);
            }
        }

        private Token number(int start) throws ParseException {
            int c = bytes[start];
            if (c == '-') {
                if (pos >= bytes.length || !digit(bytes[pos])) {
                    throw lexical("malformed number, a digit is required after the minus sign.");
                }
                c = bytes[pos++];
            }
            if (c != '0') {
                while (pos < bytes.length && digit(bytes[pos])) {
                    pos++;
                }
            }
            if (pos < bytes.length && bytes[pos] == '.') {
                pos++;
                if (pos >= bytes.length || !digit(bytes[pos])) {
                    throw lexical("malformed number, a digit is required after the decimal point.");
                }
                while (pos < bytes.length && digit(bytes[pos])) {
                    pos++;
                }
            }
            if (pos < bytes.length && (bytes[pos] == 'e' || bytes[pos] == 'E')) {
                pos++;
                if (pos < bytes.length && (bytes[pos] == '+' || bytes[pos] == '-')) {
                    pos++;
                }
                if (pos >= bytes.length || !digit(bytes[pos])) {
                    throw lexical("malformed number, a digit is required after the exponent.");
                }
                while (pos < bytes.length && digit(bytes[pos])) {
                    pos++;
                }
            }
            return new Token(Kind.NUMBER, new String(bytes, start, pos - start,
                    java.nio.charset.StandardCharsets.UTF_8));
        }

        private static boolean digit(int b) {
            return b >= '0' && b <= '9';
        }

        private Token string() throws ParseException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                if (pos >= bytes.length) {
                    throw premature();
                }
                int c = bytes[pos++] & 0xff;
                if (c == '"') {
                    lastStringRawLength = pos - lastTokenStart - 2;
                    return new Token(Kind.STRING, out.toString(java.nio.charset.StandardCharsets.UTF_8));
                }
                if (c == '\\') {
                    if (pos >= bytes.length) {
                        throw premature();
                    }
                    int e = bytes[pos++] & 0xff;
                    switch (e) {
                        case '"', '\\', '/' -> out.write(e);
                        case 'b' -> out.write('\b');
                        case 'f' -> out.write('\f');
                        case 'n' -> out.write('\n');
                        case 'r' -> out.write('\r');
                        case 't' -> out.write('\t');
                        case 'u' -> {
                            int cp = 0;
                            for (int i = 0; i < 4; i++) {
                                if (pos >= bytes.length) {
                                    throw premature();
                                }
                                int h = Character.digit(bytes[pos], 16);
                                if (h < 0) {
                                    throw lexical("invalid (non-hex) character occurs after '\\u' inside string.");
                                }
                                pos++;
                                cp = cp * 16 + h;
                            }
                            byte[] enc = new String(Character.toChars(cp)).getBytes(
                                    java.nio.charset.StandardCharsets.UTF_8);
                            out.write(enc, 0, enc.length);
                        }
                        default -> {
                            pos--;
                            throw lexical("inside a string, '\\' occurs before a character which it may not.");
                        }
                    }
                } else if (c < 0x20) {
                    pos--;
                    throw lexical("invalid character inside string.");
                } else {
                    out.write(c);
                }
            }
        }

        // ---- errors

        private ParseException lexical(String what) {
            return new ParseException(render("lexical error: " + what, pos));
        }

        private ParseException parse(String what) {
            return new ParseException(render("parse error: " + what, pos));
        }

        /**
         * The one grammar error after which yajl moves its offset back by the token's buffer length (a
         * string's buffer is its text between the quotes).
         */
        private ParseException parseAtToken(String what, Token t) {
            int len = t.kind == Kind.STRING ? lastStringRawLength : pos - lastTokenStart;
            int offset = pos >= len ? pos - len : 0;
            return new ParseException(render("parse error: " + what, offset));
        }

        /** yajl finishes with one more pass over a single space; its byte count restarts there. */
        private ParseException premature() {
            return new ParseException(render("parse error: premature EOF", 1));
        }

        /** yajl's verbose rendering: the error, then up to 30 bytes either side with the offset at column 41. */
        private String render(String error, int offset) {
            StringBuilder b = new StringBuilder(error).append('\n');
            int spaces = offset < 30 ? 40 - offset : 10;
            int start = offset >= 30 ? offset - 30 : 0;
            int end = Math.min(offset + 30, bytes.length);
            b.append(" ".repeat(spaces));
            byte[] window = new byte[Math.max(0, end - start)];
            for (int i = start; i < end; i++) {
                byte x = bytes[i];
                window[i - start] = x == '\n' || x == '\r' ? (byte) ' ' : x;
            }
            b.append(new String(window, java.nio.charset.StandardCharsets.UTF_8)).append('\n');
            b.append("                     (right here) ------^\n");
            return b.toString();
        }
    }

    /** The text a failed parse reports, as libvirt wraps it. */
    public static String libvirtError(String json, ParseException e) {
        return "cannot parse json " + json + ": " + e.getMessage();
    }
}
