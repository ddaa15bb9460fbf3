package org.virtd.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the first fatal well-formedness error of a document the way libxml2 2.9.14 (Debian 12, the library under
 * libvirt 9.0) finds it, and renders it as libvirt's error callback does: "NAME:LINE: MESSAGE" followed by the
 * input line at libxml2's cursor and a caret line.
 *
 * <p>Why a scanner of our own: the JDK parser detects the same malformations but at other positions and with other
 * words, and libvirt shows libxml2's words and cursor to the user. Everything here works on the UTF-8 bytes, because
 * libxml2's cursor, column and caret count bytes. Only the first fatal error matters: libvirt keeps the first one
 * and ignores libxml2's non-fatal (namespace) errors and warnings. The scanner follows libxml2's reading order,
 * including its quirks (the text fast path reports "]]>" at the start of the text run but with the line of the
 * "]]>"; hex digits a-f stop being accepted after ten digits of a character reference). It never loads anything:
 * entities are only looked up by name in the internal subset.
 *
 * <p>Document type declarations are read only as far as needed to skip them and learn the declared entity names;
 * a malformed internal subset makes the result {@link Result#unsure()} so the caller falls back to its own parser.
 */
final class Libxml2Check {
    /** The outcome: {@code detail} is libvirt's full message for a fatal error, null otherwise. */
    record Result(String detail, boolean unsure) {
        static final Result OK = new Result(null, false);
        static final Result UNSURE = new Result(null, true);
    }

    private static final class Fatal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Result result;

        Fatal(Result result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private final String source;
    private final byte[] b;
    private int pos;
    private int line = 1;
    private final Deque<String[]> open = new ArrayDeque<>(); // {qname, prefix, local, line}
    private final Set<String> generalEntities = new HashSet<>();
    private final Set<String> externalEntities = new HashSet<>();
    private final Set<String> unparsedEntities = new HashSet<>();
    private final Set<String> parameterEntities = new HashSet<>();
    private final Set<String> markupEntities = new HashSet<>();
    /** Replacement text of internal general entities (character references already replaced, as libxml2 stores it). */
    private final Map<String, byte[]> entityValues = new HashMap<>();
    /** libxml2's {@code ent->checked}: 0 unchecked, 1 being checked, else 2 x references found in the expansion. */
    private final Map<String, Long> entityChecked = new HashMap<>();
    /** libxml2's {@code ent->owner}: set once a content reference kept the parsed replacement as children. */
    private final Set<String> entityOwned = new HashSet<>();
    private final Map<String, Long> expandedLength = new HashMap<>();
    /** libxml2's {@code ctxt->nbentities} of the document's own parser context. */
    private final long[] documentEntities = new long[1];
    private long expandedTotal;
    private long work;
    /** Per open element (index = depth), what its last child is, for libxml2's coalescing of text into one node. */
    private byte[] lastChild = new byte[16];
    private long[] textLength = new long[16];
    private static final byte CHILD_OTHER = 0;
    private static final byte CHILD_TEXT = 1;
    private static final byte CHILD_CDATA = 2;
    /** A text node grew past the limit: libxml2 stops calling back and the scan ends at the end of the text run. */
    private boolean halted;
    private boolean hasExternalSubset;
    private boolean hasPERefs;
    private int standalone = -1;

    private Libxml2Check(String source, byte[] bytes) {
        this.source = source;
        this.b = bytes;
    }

    /** Checks {@code xml} (already cut at its first NUL, as libvirt's C string is) under the file name {@code name}. */
    static Result check(String name, String xml) {
        Libxml2Check c = new Libxml2Check(name, xml.getBytes(StandardCharsets.UTF_8));
        try {
            c.document();
            return Result.OK;
        } catch (Fatal f) {
            return f.result;
        }
    }

    // ---- cursor primitives (libxml2's RAW/NXT/NEXT/NEXTL/SKIP/SKIP_BLANKS) ----

    private int at(int i) {
        return i < b.length ? b[i] & 0xff : 0;
    }

    private int raw() {
        return at(pos);
    }

    private int nxt(int n) {
        return at(pos + n);
    }

    private boolean cmp(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (at(pos + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(int c) {
        return c == 0x20 || c == 0x9 || c == 0xA || c == 0xD;
    }

    private static boolean isChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private int skipBlanks() {
        int n = 0;
        while (blank(raw())) {
            if (raw() == '\n') {
                line++;
            }
            pos++;
            n++;
        }
        return n;
    }

    /** xmlNextChar: one character, counting lines. */
    private void next() {
        if (pos >= b.length) {
            return;
        }
        if (raw() == '\n') {
            line++;
        }
        int c = raw();
        pos += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    }

    private int charLen;

    /** xmlCurrentChar: the code point at the cursor (CR and CR LF read as LF; the CR of CR LF is consumed). */
    private int curChar() {
        int c = raw();
        if (c >= 0x20 && c <= 0x7F) {
            charLen = 1;
            return c;
        }
        if (c >= 0x80) {
            int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            int v = len == 2 ? c & 0x1f : len == 3 ? c & 0xf : c & 0x7;
            for (int i = 1; i < len; i++) {
                v = (v << 6) | (at(pos + i) & 0x3f);
            }
            charLen = len;
            if (!isChar(v)) {
                fatal("Char 0x" + Integer.toHexString(v).toUpperCase() + " out of allowed range\n");
            }
            return v;
        }
        charLen = 1;
        if (c == 0xD) {
            if (nxt(1) == 0xA) {
                pos++;
            }
            return 0xA;
        }
        return c;
    }

    private void nextL(int len) {
        if (raw() == '\n') {
            line++;
        }
        pos += len;
    }

    private void fatal(String message) {
        fatalAt(line, pos, message);
    }

    /** libvirt's rendering (virxml.c catchXMLError) of a libxml2 error at byte {@code cur} reported on {@code ln}. */
    private void fatalAt(int ln, int cur, String message) {
        throw new Fatal(new Result(render(source, b, ln, cur, message), false));
    }

    /**
     * The rendering for input {@code buf} with cursor {@code cur}; {@code file} is null for an entity's replacement
     * text, which libxml2 parses as an input without a name ("at line N: ...").
     */
    private static String render(String file, byte[] buf, int ln, int cur, String message) {
        int c = Math.min(cur, buf.length);
        while (c > 0 && (byteAt(buf, c) == '\n' || byteAt(buf, c) == '\r')) {
            c--;
        }
        while (c > 0 && byteAt(buf, c) != '\n' && byteAt(buf, c) != '\r') {
            c--;
        }
        if (byteAt(buf, c) == '\n' || byteAt(buf, c) == '\r') {
            c++;
        }
        int col = cur - c;
        int end = c;
        while (end < buf.length && byteAt(buf, end) != '\n' && byteAt(buf, end) != '\r') {
            end++;
        }
        String context = end == c ? "(null)" : new String(buf, c, end - c, StandardCharsets.UTF_8);
        StringBuilder caret = new StringBuilder(Math.min(col, end - c) + 1);
        for (int n = c; n < end && n - c < col; n++) {
            caret.append(byteAt(buf, n) == '\t' ? '\t' : '-');
        }
        caret.append('^');
        String where = file == null ? "at line " + ln : file + ":" + ln;
        return where + ": " + message + context + "\n" + caret;
    }

    private static int byteAt(byte[] buf, int i) {
        return i < buf.length ? buf[i] & 0xff : 0;
    }

    private static void unsure() {
        throw new Fatal(Result.UNSURE);
    }

    // ---- names (XML 1.0 fifth edition, as libxml2 reads them without XML_PARSE_OLD10) ----

    private static boolean nameStart(int c, boolean colon) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':')
                || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF)
                || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D)
                || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF)
                || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
    }

    private static boolean nameChar(int c, boolean colon) {
        return nameStart(c, colon) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == 0xB7
                || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
    }

    /** A Name (colon allowed) or NCName at the cursor, or null without moving. */
    private String name(boolean colon) {
        int start = pos;
        int c = peekChar(pos);
        if (!nameStart(c, colon)) {
            return null;
        }
        int p = pos;
        while (p < b.length && nameChar(peekChar(p), colon)) {
            p += peekLen(p);
        }
        if (p - start > XmlLimits.MAX_NAME_LENGTH) {
            fatal(colon ? "Name too long: Name\n" : "Name too long: NCName\n");
        }
        pos = p;
        return new String(b, start, p - start, StandardCharsets.UTF_8);
    }

    private String nmtoken() {
        int start = pos;
        while (pos < b.length && nameChar(peekChar(pos), true)) {
            pos += peekLen(pos);
        }
        return pos == start ? null : new String(b, start, pos - start, StandardCharsets.UTF_8);
    }

    private int peekLen(int p) {
        int c = at(p);
        return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    }

    private int peekChar(int p) {
        int c = at(p);
        if (c < 0x80) {
            return c;
        }
        int len = peekLen(p);
        int v = len == 2 ? c & 0x1f : len == 3 ? c & 0xf : c & 0x7;
        for (int i = 1; i < len; i++) {
            v = (v << 6) | (at(p + i) & 0x3f);
        }
        return v;
    }

    /** xmlParseQName: {prefix or null, local} or null; malformed QNames are namespace errors, not fatal. */
    private String[] qname() {
        String l = name(false);
        if (l == null) {
            if (raw() == ':') {
                String n = name(true);
                if (n != null) {
                    return new String[] {null, n};
                }
            }
            return null;
        }
        if (raw() == ':') {
            next();
            String p = l;
            l = name(false);
            if (l == null) {
                String t = nmtoken();
                return new String[] {null, p + ":" + (t == null ? "" : t)};
            }
            if (raw() == ':') {
                next();
                String rest = name(true);
                return new String[] {p, rest != null ? l + ":" + rest : l};
            }
            return new String[] {p, l};
        }
        return new String[] {null, l};
    }

    // ---- document ----

    private void document() {
        if (b.length >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
            pos = 3; // the UTF-8 byte order mark: skipped, yet still part of the first line libvirt shows
        }
        if (raw() == 0) {
            fatal("Document is empty\n");
        }
        if (cmp("<?xml") && blank(nxt(5))) {
            xmlDecl();
            skipBlanks();
        }
        misc();
        if (cmp("<!DOCTYPE")) {
            doctype();
            misc();
        }
        if (raw() != '<') {
            fatal("Start tag expected, '<' not found\n");
        }
        element();
        misc();
        if (raw() != 0) {
            fatal("Extra content at the end of the document\n");
        }
    }

    private void misc() {
        while (true) {
            skipBlanks();
            if (raw() == '<' && nxt(1) == '?') {
                pi();
            } else if (cmp("<!--")) {
                comment();
            } else {
                return;
            }
        }
    }

    private void xmlDecl() {
        pos += 5;
        skipBlanks();
        String version = null;
        if (cmp("version")) {
            pos += 7;
            skipBlanks();
            if (raw() != '=') {
                fatal("expected '='\n");
            }
            next();
            skipBlanks();
            int q = raw();
            if (q == '"' || q == '\'') {
                next();
                version = versionNum();
                if (raw() != q) {
                    fatal("String not closed expecting \" or '\n");
                }
                next();
            } else {
                fatal("String not started expecting ' or \"\n");
            }
        }
        if (version == null) {
            fatal("Malformed declaration expecting version\n");
        }
        if (!version.equals("1.0") && !(version.length() > 1 && version.startsWith("1."))) {
            fatal("Unsupported version '" + version + "'\n");
        }
        if (!blank(raw())) {
            if (raw() == '?' && nxt(1) == '>') {
                pos += 2;
                return;
            }
            fatal("Blank needed here\n");
        }
        skipBlanks();
        boolean hasEncoding = false;
        if (cmp("encoding")) {
            pos += 8;
            skipBlanks();
            if (raw() != '=') {
                fatal("expected '='\n");
            }
            next();
            skipBlanks();
            int q = raw();
            if (q != '"' && q != '\'') {
                fatal("String not started expecting ' or \"\n");
            }
            next();
            String enc = encName();
            if (raw() != q) {
                fatal("String not closed expecting \" or '\n");
            }
            next();
            if (!knownEncoding(enc)) {
                fatal("Unsupported encoding " + enc + "\n");
            }
            // libxml2 records only encodings it converts from, and only those require the blank that follows.
            hasEncoding = !enc.equalsIgnoreCase("UTF-8") && !enc.equalsIgnoreCase("UTF8")
                    && !enc.equalsIgnoreCase("UTF-16") && !enc.equalsIgnoreCase("UTF16");
        }
        if (hasEncoding && !blank(raw())) {
            if (raw() == '?' && nxt(1) == '>') {
                pos += 2;
                return;
            }
            fatal("Blank needed here\n");
        }
        skipBlanks();
        if (cmp("standalone")) {
            pos += 10;
            skipBlanks();
            if (raw() != '=') {
                fatal("expected '='\n");
            }
            next();
            skipBlanks();
            int q = raw();
            if (q != '"' && q != '\'') {
                fatal("String not started expecting ' or \"\n");
            }
            next();
            if (raw() == 'n' && nxt(1) == 'o') {
                standalone = 0;
                pos += 2;
            } else if (cmp("yes")) {
                standalone = 1;
                pos += 3;
            } else {
                fatal("standalone accepts only 'yes' or 'no'\n");
            }
            if (raw() != q) {
                fatal("String not closed expecting \" or '\n");
            }
            next();
        }
        skipBlanks();
        if (raw() == '?' && nxt(1) == '>') {
            pos += 2;
        } else {
            fatal("parsing XML declaration: '?>' expected\n");
        }
    }

    private String versionNum() {
        int start = pos;
        if (raw() < '0' || raw() > '9') {
            return null;
        }
        next();
        if (raw() != '.') {
            return null;
        }
        next();
        while (raw() >= '0' && raw() <= '9') {
            next();
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    private String encName() {
        int c = raw();
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            fatal("Invalid XML encoding name\n");
        }
        int start = pos;
        next();
        while (true) {
            c = raw();
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                next();
            } else {
                break;
            }
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** libxml2 asks iconv for names it does not know itself; the JDK's charset registry stands in for iconv. */
    private static boolean knownEncoding(String enc) {
        try {
            return java.nio.charset.Charset.isSupported(enc);
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }

    // ---- prolog constructs ----

    private void pi() {
        pos += 2;
        String target = name(true);
        if (target == null) {
            fatal("xmlParsePI : no target name\n");
        }
        if (target.length() >= 3 && target.substring(0, 3).equalsIgnoreCase("xml")) {
            if (target.equals("xml")) {
                fatal("XML declaration allowed only at the start of the document\n");
            } else if (target.length() == 3) {
                fatal("Invalid PI name\n");
            }
        }
        if (raw() == '?' && nxt(1) == '>') {
            pos += 2;
            return;
        }
        if (skipBlanks() == 0) {
            fatal("ParsePI: PI " + target + " space expected\n");
        }
        int c = curChar();
        long len = 0;
        while (isChar(c) && (c != '?' || nxt(1) != '>')) {
            len += charLen;
            nextL(charLen);
            c = curChar();
            if (len > XmlLimits.MAX_TEXT_LENGTH) {
                fatal("PI " + target + " too big found");
            }
        }
        if (c != '?') {
            fatal("ParsePI: PI " + target + " never end ...\n");
        }
        pos += 2;
    }

    private static final int FIFTY = 50;

    /**
     * What libxml2 copies of a comment or CDATA section: only its length and its first 50 bytes (the most an error
     * message shows) are kept, so a huge section costs no memory here.
     */
    private static final class Head {
        final byte[] first = new byte[FIFTY];
        long size;

        void write(byte[] src, int off, int n) {
            if (size < FIFTY) {
                System.arraycopy(src, off, first, (int) size, (int) Math.min(n, FIFTY - size));
            }
            size += n;
        }

        void writeCodePoint(int cp) {
            if (size >= FIFTY) {
                size += utf8Length(cp);
                return;
            }
            byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            write(enc, 0, enc.length);
        }

        String upTo50Bytes() {
            return new String(first, 0, (int) Math.min(size, FIFTY), StandardCharsets.UTF_8);
        }
    }

    private void comment() {
        pos += 4;
        Head buf = new Head();
        int in = pos;
        // libxml2's ASCII fast path: runs of plain characters are copied whole; the cursor moves run by run.
        fast:
        while (true) {
            while (at(in) == 0xA) {
                line++;
                in++;
            }
            while (true) {
                while ((at(in) > '-' && at(in) <= 0x7F) || (at(in) >= 0x20 && at(in) < '-') || at(in) == 0x09) {
                    in++;
                }
                if (at(in) == 0xA) {
                    while (at(in) == 0xA) {
                        line++;
                        in++;
                    }
                    continue;
                }
                buf.write(b, pos, in - pos);
                if (buf.size > XmlLimits.MAX_TEXT_LENGTH) {
                    fatal("Comment too big found");
                }
                pos = in;
                if (at(in) == 0xA) {
                    in++;
                    line++;
                }
                if (at(in) == 0xD) {
                    in++;
                    if (at(in) == 0xA) {
                        pos = in;
                        in++;
                        line++;
                        continue;
                    }
                    in--;
                }
                in = pos;
                if (at(in) == '-') {
                    if (at(in + 1) == '-') {
                        if (at(in + 2) == '>') {
                            pos += 3;
                            return;
                        }
                        if (buf.size > 0) {
                            fatal("Double hyphen within comment: <!--" + buf.upTo50Bytes() + "\n");
                        }
                        fatal("Double hyphen within comment\n");
                    }
                    in++;
                    continue;
                }
                break;
            }
            int c = at(in);
            if ((c >= 0x20 && c <= 0x7F) || c == 0x09 || c == 0x0a) {
                continue fast;
            }
            break;
        }
        commentComplex(buf);
    }

    private void commentComplex(Head buf) {
        int q = curChar();
        int ql = charLen;
        if (q == 0) {
            fatal("Comment not terminated\n");
        }
        if (!isChar(q)) {
            fatal("xmlParseComment: invalid xmlChar value " + q + "\n");
        }
        nextL(ql);
        int r = curChar();
        int rl = charLen;
        if (r == 0) {
            fatal("Comment not terminated\n");
        }
        if (!isChar(r)) {
            fatal("xmlParseComment: invalid xmlChar value " + q + "\n");
        }
        nextL(rl);
        int cur = curChar();
        int l = charLen;
        if (cur == 0) {
            fatal("Comment not terminated\n");
        }
        while (isChar(cur) && (cur != '>' || r != '-' || q != '-')) {
            if (r == '-' && q == '-') {
                fatal("Comment must not contain '--' (double-hyphen)\n");
            }
            buf.writeCodePoint(q);
            q = r;
            r = cur;
            nextL(l);
            cur = curChar();
            l = charLen;
            if (buf.size > XmlLimits.MAX_TEXT_LENGTH) {
                fatal("Comment too big found");
            }
        }
        if (cur == 0) {
            fatal("Comment not terminated \n<!--" + buf.upTo50Bytes() + "\n");
        } else if (!isChar(cur)) {
            fatal("xmlParseComment: invalid xmlChar value " + cur + "\n");
        }
        next();
    }

    /**
     * The document type declaration: only what is needed to skip it and to know the entity names. Anything unusual
     * inside the internal subset gives up (the caller's parser then decides), because libxml2's reports for DTD
     * syntax are not reproduced here.
     */
    private void doctype() {
        pos += 9;
        skipBlanks();
        if (name(true) == null) {
            fatal("xmlParseDocTypeDecl : no DOCTYPE name !\n");
        }
        skipBlanks();
        if (cmp("SYSTEM") || cmp("PUBLIC")) {
            boolean pub = cmp("PUBLIC");
            pos += 6;
            skipBlanks();
            if (pub) {
                literal();
                skipBlanks();
            }
            literal();
            hasExternalSubset = true;
            skipBlanks();
        }
        if (raw() == '[') {
            pos++;
            internalSubset();
        }
        if (raw() != '>') {
            fatal("DOCTYPE improperly terminated\n");
        }
        next();
    }

    /** An entity value as libxml2 stores it: character references replaced, entity references kept. */
    private static byte[] replaceCharRefs(String value) {
        if (value.indexOf("&#") < 0) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            int semi = value.startsWith("&#", i) ? value.indexOf(';', i) : -1;
            if (semi > i + 2) {
                try {
                    boolean hex = value.charAt(i + 2) == 'x';
                    int cp = Integer.parseInt(value.substring(i + (hex ? 3 : 2), semi), hex ? 16 : 10);
                    out.appendCodePoint(cp);
                    i = semi + 1;
                    continue;
                } catch (IllegalArgumentException e) {
                    // not a character reference libxml2 would accept: kept as written, the reader decides
                }
            }
            out.append(value.charAt(i++));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String literal() {
        int q = raw();
        if (q != '"' && q != '\'') {
            unsure();
        }
        next();
        int start = pos;
        while (raw() != q) {
            if (raw() == 0) {
                unsure();
            }
            next();
        }
        String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
        next();
        return s;
    }

    private void internalSubset() {
        while (true) {
            skipBlanks();
            if (raw() == ']') {
                pos++;
                skipBlanks();
                return;
            } else if (cmp("<!--")) {
                comment();
            } else if (raw() == '<' && nxt(1) == '?') {
                pi();
            } else if (cmp("<!ENTITY")) {
                pos += 8;
                if (skipBlanks() == 0) {
                    fatal("Space required after '<!ENTITY'\n");
                }
                boolean parameter = raw() == '%';
                if (parameter) {
                    next();
                    if (skipBlanks() == 0) {
                        fatal("Space required after '%'\n");
                    }
                }
                String n = name(true);
                if (n == null) {
                    fatal("xmlParseEntityDecl: no name\n");
                }
                if (skipBlanks() == 0) {
                    fatal("Space required after the entity name\n");
                }
                if (raw() == '"' || raw() == '\'') {
                    String value = literal();
                    if (value.indexOf('%') >= 0) {
                        unsure();
                    }
                    (parameter ? parameterEntities : generalEntities).add(n);
                    if (!parameter) {
                        entityValues.putIfAbsent(n, replaceCharRefs(value));
                    }
                    if (!parameter && (value.indexOf('<') >= 0 || value.indexOf('&') >= 0)) {
                        markupEntities.add(n);
                    }
                } else if (cmp("SYSTEM") || cmp("PUBLIC")) {
                    boolean pub = cmp("PUBLIC");
                    pos += 6;
                    skipBlanks();
                    if (pub) {
                        literal();
                        skipBlanks();
                    }
                    literal();
                    skipBlanks();
                    boolean unparsed = false;
                    if (cmp("NDATA")) {
                        pos += 5;
                        skipBlanks();
                        name(true);
                        unparsed = true;
                    }
                    if (parameter) {
                        parameterEntities.add(n);
                    } else {
                        generalEntities.add(n);
                        (unparsed ? unparsedEntities : externalEntities).add(n);
                    }
                } else {
                    unsure();
                }
                skipBlanks();
                if (raw() != '>') {
                    fatal("xmlParseEntityDecl: entity " + n + " not terminated\n");
                }
                pos++;
            } else if (cmp("<!ELEMENT") || cmp("<!ATTLIST") || cmp("<!NOTATION")) {
                // Declarations that do not change well-formedness: skipped up to their '>' outside literals.
                while (raw() != '>') {
                    if (raw() == 0) {
                        unsure();
                    }
                    if (raw() == '"' || raw() == '\'') {
                        literal();
                    } else {
                        next();
                    }
                }
                pos++;
            } else if (raw() == '%') {
                hasPERefs = true;
                unsure();
            } else if (raw() == 0) {
                unsure();
            } else {
                // Nothing libxml2 recognises starts here, so its loop makes no progress and gives up.
                fatal("internal error: xmlParseInternalSubset: error detected in Markup declaration\n\n");
            }
        }
    }

    // ---- elements ----

    private void element() {
        int depth = open.size();
        if (!startTag()) {
            return;
        }
        content(depth);
        if (raw() == 0) {
            String[] top = open.peek();
            fatal("Premature end of data in tag " + top[2] + " line " + top[3] + "\n");
        }
        endTag();
    }

    /** Returns true when an element was opened (false for an empty-element tag). */
    private boolean startTag() {
        if (open.size() > XmlLimits.MAX_DEPTH) {
            fatal("Excessive depth in document: " + XmlLimits.MAX_DEPTH + " use XML_PARSE_HUGE option\n");
        }
        int tagLine = line;
        pos++;
        String[] qn = qname();
        if (qn == null) {
            fatal("StartTag: invalid element name\n");
        }
        skipBlanks();
        Set<String> seen = new HashSet<>();
        String duplicate = null;
        // Like libxml2, stop at any byte that cannot start a character (controls, end of input).
        int attributes = 0;
        while (raw() != '>' && (raw() != '/' || nxt(1) != '>') && (raw() >= 0x20 || blank(raw()))) {
            if (++attributes > XmlLimits.MAX_ATTRIBUTES) {
                fatal("Too many attributes on element " + qn[1] + ": more than " + XmlLimits.MAX_ATTRIBUTES + "\n");
            }
            String[] an = qname();
            if (an == null) {
                fatal("error parsing attribute name\n");
            }
            String full = an[0] == null ? an[1] : an[0] + ":" + an[1];
            skipBlanks();
            if (raw() != '=') {
                fatal("Specification mandates value for attribute " + an[1] + "\n");
            }
            next();
            skipBlanks();
            attValue();
            if (!seen.add(full)) {
                // Namespace declarations are checked as they are read, other attributes once the tag is read.
                if (full.equals("xmlns") || "xmlns".equals(an[0])) {
                    fatal("Attribute " + full + " redefined\n");
                }
                if (duplicate == null) {
                    duplicate = full;
                }
            }
            if (raw() == '>' || (raw() == '/' && nxt(1) == '>')) {
                break;
            }
            if (skipBlanks() == 0) {
                fatal("attributes construct error\n");
            }
        }
        if (duplicate != null) {
            fatal("Attribute " + duplicate + " redefined\n");
        }
        String qnameText = qn[0] == null ? qn[1] : qn[0] + ":" + qn[1];
        if (raw() == '/' && nxt(1) == '>') {
            pos += 2;
            child(CHILD_OTHER, 0);
            return false;
        }
        if (raw() == '>') {
            pos++;
            child(CHILD_OTHER, 0);
            open.push(new String[] {qnameText, qn[0], qn[1], Integer.toString(tagLine)});
            int slot = open.size();
            if (slot >= lastChild.length) {
                lastChild = java.util.Arrays.copyOf(lastChild, slot * 2);
                textLength = java.util.Arrays.copyOf(textLength, slot * 2);
            }
            lastChild[slot] = CHILD_OTHER;
            textLength[slot] = 0;
            return true;
        }
        fatal("Couldn't find end of Start Tag " + qn[1] + " line " + tagLine + "\n");
        return false;
    }

    /**
     * A child node of the open element: SAX2 appends text to the last child when that is text of the same kind
     * (text or CDATA), and refuses to grow such a node past the limit; it then stops the parser.
     */
    private void child(byte kind, long length) {
        int slot = open.size();
        if (kind != CHILD_OTHER && lastChild[slot] == kind) {
            if (textLength[slot] + length > XmlLimits.MAX_TEXT_LENGTH) {
                halted = true;
            }
            textLength[slot] += length;
        } else {
            lastChild[slot] = kind;
            textLength[slot] = length;
        }
    }

    /**
     * After a node grew too large libxml2 ends the content where its cursor is; the document then fails as one with
     * something after its root ("Extra content at the end of the document"), past any comments and blanks.
     */
    private void stopIfHalted() {
        if (halted) {
            misc();
            fatal("Extra content at the end of the document\n");
        }
    }

    private void attValue() {
        int q = raw();
        if (q != '"' && q != '\'') {
            fatal("AttValue: \" or ' expected\n");
        }
        // The ASCII fast path does not move libxml2's cursor (a value too long for it is reported at the quote); the
        // complex path starts again after the quote and counts the bytes it copies.
        int run = pos + 1;
        while (run < b.length && b[run] >= 0x20 && b[run] != '&' && b[run] != '<' && b[run] != q) {
            run++;
        }
        if (run - (pos + 1) > XmlLimits.MAX_TEXT_LENGTH) {
            fatal("AttValue length too long\n");
        }
        next();
        long len = 0;
        int c = curChar();
        while (raw() != q && isChar(c) && c != '<') {
            if (c == '&') {
                if (nxt(1) == '#') {
                    int v = charRef();
                    len += v == '&' ? 5 : utf8Length(v); // without entity substitution '&' is kept as "&#38;"
                } else {
                    String n = entityRef(true);
                    len += n.equals("amp") ? 5 : PREDEFINED.contains(n) ? 1
                            : entityValues.containsKey(n) ? n.getBytes(StandardCharsets.UTF_8).length + 2 : 0;
                }
            } else {
                len += c == 0x9 || c == 0xA || c == 0xD ? 1 : charLen;
                nextL(charLen);
            }
            if (len > XmlLimits.MAX_TEXT_LENGTH) {
                fatal("AttValue length too long\n");
            }
            c = curChar();
        }
        if (raw() == '<') {
            fatal("Unescaped '<' not allowed in attributes values\n");
        } else if (raw() != q) {
            if (c != 0 && !isChar(c)) {
                fatal("invalid character in attribute value\n");
            }
            fatal("AttValue: ' expected\n");
        }
        next();
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private void endTag() {
        String[] top = open.pop();
        pos += 2;
        String got;
        int save = pos;
        byte[] want = top[0].getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < want.length && at(pos + i) == (want[i] & 0xff)) {
            i++;
        }
        boolean match;
        if (i == want.length && (at(pos + i) == '>' || blank(at(pos + i)))) {
            pos += i;
            match = true;
            got = null;
        } else {
            pos = save;
            if (top[1] == null) {
                got = name(true);
                match = top[2].equals(got);
            } else {
                String[] qn = qname();
                got = qn == null ? null : qn[1];
                match = qn != null && top[2].equals(qn[1]) && top[1].equals(qn[0]);
            }
        }
        skipBlanks();
        if (raw() != '>') {
            fatal("expected '>'\n");
        }
        pos++;
        if (!match) {
            fatal("Opening and ending tag mismatch: " + top[2] + " line " + top[3] + " and "
                    + (got == null ? "unparsable" : got) + "\n");
        }
    }

    private void content(int depth) {
        while (raw() != 0) {
            stopIfHalted();
            if (raw() == '<' && nxt(1) == '?') {
                pi();
                child(CHILD_OTHER, 0);
            } else if (cmp("<![CDATA[")) {
                cdata();
            } else if (cmp("<!--")) {
                comment();
                child(CHILD_OTHER, 0);
            } else if (raw() == '<') {
                if (nxt(1) == '/') {
                    if (open.size() <= depth + 1) {
                        return;
                    }
                    endTag();
                } else if (startTag()) {
                    continue;
                }
            } else if (raw() == '&') {
                reference();
            } else {
                charData();
            }
        }
        stopIfHalted();
    }

    private void cdata() {
        pos += 9;
        int r = curChar();
        int rl = charLen;
        if (!isChar(r)) {
            fatal("Unregistered error message\n");
        }
        nextL(rl);
        int s = curChar();
        int sl = charLen;
        if (!isChar(s)) {
            fatal("Unregistered error message\n");
        }
        nextL(sl);
        int cur = curChar();
        int l = charLen;
        Head buf = new Head();
        while (isChar(cur) && (r != ']' || s != ']' || cur != '>')) {
            buf.writeCodePoint(r);
            r = s;
            s = cur;
            nextL(l);
            cur = curChar();
            l = charLen;
            if (buf.size > XmlLimits.MAX_TEXT_LENGTH) {
                fatal("CData section too big found\n");
            }
        }
        if (cur != '>') {
            fatal("CData section not finished\n" + buf.upTo50Bytes() + "\n");
        }
        nextL(l);
        child(CHILD_CDATA, buf.size);
    }

    private static boolean plainText(int c) {
        return c >= 0x20 && c < 0x80 && c != '<' && c != '&' && c != ']' || c == 0x09;
    }

    private void charData() {
        int in = pos;
        int lineAtCursor = line;
        // libxml2's ASCII fast path (xmlParseCharData): the cursor moves run by run while the line counter runs
        // ahead with every newline it passes; the line saved for the slow path is the one at the cursor.
        outer:
        do {
            while (true) {
                while (at(in) == 0x20) {
                    in++;
                }
                if (at(in) != 0xA) {
                    break;
                }
                while (at(in) == 0xA) {
                    line++;
                    in++;
                }
            }
            if (at(in) == '<') {
                if (in > pos) {
                    child(CHILD_TEXT, in - pos);
                }
                pos = in;
                return;
            }
            while (true) {
                while (plainText(at(in))) {
                    in++;
                }
                if (at(in) == 0xA) {
                    while (at(in) == 0xA) {
                        line++;
                        in++;
                    }
                    continue;
                }
                if (at(in) == ']') {
                    if (at(in + 1) == ']' && at(in + 2) == '>') {
                        fatal("Sequence ']]>' not allowed in content\n");
                    }
                    in++;
                    continue;
                }
                break;
            }
            if (in > pos) {
                lineAtCursor = line;
                child(CHILD_TEXT, in - pos);
            }
            pos = in;
            if (at(in) == 0xD && at(in + 1) == 0xA) {
                pos = in + 1;
                in += 2;
                line++;
                continue outer;
            }
            if (at(in) == '<' || at(in) == '&') {
                return;
            }
            in = pos;
        } while ((at(in) >= 0x20 && at(in) <= 0x7F) || at(in) == 0x09 || at(in) == 0x0a);
        line = lineAtCursor;
        charDataComplex();
    }

    private void charDataComplex() {
        int c = curChar();
        int chunk = 0; // libxml2 hands text on in pieces of its 300-byte buffer
        while (c != '<' && c != '&' && isChar(c)) {
            if (c == ']' && nxt(1) == ']' && nxt(2) == '>') {
                fatal("Sequence ']]>' not allowed in content\n");
            }
            chunk += charLen;
            if (chunk >= 300) {
                child(CHILD_TEXT, chunk);
                chunk = 0;
            }
            nextL(charLen);
            c = curChar();
        }
        if (chunk > 0) {
            child(CHILD_TEXT, chunk);
        }
        if (c != 0 && !isChar(c)) {
            fatal("PCDATA invalid Char value " + c + "\n");
        }
    }

    private void reference() {
        if (nxt(1) == '#') {
            child(CHILD_TEXT, utf8Length(charRef()));
            return;
        }
        String n = entityRef(false);
        if (PREDEFINED.contains(n)) {
            child(CHILD_TEXT, 1);
        } else {
            child(CHILD_OTHER, 0);
        }
    }

    /** xmlParseCharRef, including its digit counter quirk. */
    private int charRef() {
        int val = 0;
        int count = 0;
        if (nxt(1) == '#' && nxt(2) == 'x') {
            pos += 3;
            while (raw() != ';') {
                if (count++ > 20) {
                    count = 0;
                }
                int c = raw();
                if (c >= '0' && c <= '9') {
                    val = val * 16 + (c - '0');
                } else if (c >= 'a' && c <= 'f' && count < 20) {
                    val = val * 16 + (c - 'a') + 10;
                } else if (c >= 'A' && c <= 'F' && count < 20) {
                    val = val * 16 + (c - 'A') + 10;
                } else {
                    fatal("CharRef: invalid hexadecimal value\n");
                }
                if (val > 0x110000) {
                    val = 0x110000;
                }
                next();
                count++;
            }
            pos++;
        } else {
            pos += 2;
            while (raw() != ';') {
                if (count++ > 20) {
                    count = 0;
                }
                int c = raw();
                if (c >= '0' && c <= '9') {
                    val = val * 10 + (c - '0');
                } else {
                    fatal("CharRef: invalid decimal value\n");
                }
                if (val > 0x110000) {
                    val = 0x110000;
                }
                next();
                count++;
            }
            pos++;
        }
        if (val >= 0x110000) {
            fatal("xmlParseCharRef: character reference out of bounds\n");
        } else if (!isChar(val)) {
            fatal("xmlParseCharRef: invalid xmlChar value " + val + "\n");
        }
        return val;
    }

    private static final Set<String> PREDEFINED = Set.of("lt", "gt", "amp", "apos", "quot");

    /** Reads an entity reference and returns its name. */
    private String entityRef(boolean inAttribute) {
        next();
        String n = name(true);
        if (n == null) {
            fatal("xmlParseEntityRef: no name\n");
        }
        if (raw() != ';') {
            fatal("EntityRef: expecting ';'\n");
        }
        next();
        if (PREDEFINED.contains(n)) {
            return n;
        }
        documentEntities[0]++;
        if (!generalEntities.contains(n)) {
            if (standalone == 1 || (!hasExternalSubset && !hasPERefs)) {
                fatal("Entity '" + n + "' not defined\n");
            }
            return n;
        }
        if (unparsedEntities.contains(n)) {
            fatal("Entity reference to unparsed entity " + n + "\n");
        }
        if (inAttribute && externalEntities.contains(n)) {
            fatal("Attribute references external entity '" + n + "'\n");
        }
        if (entityValues.containsKey(n)) {
            if (inAttribute) {
                attributeEntity(n);
            } else {
                contentEntity(n);
            }
            expandedTotal += expandedLength(n, new HashSet<>());
            if (expandedTotal > XmlLimits.MAX_ENTITY_EXPANSION) {
                fatal(ENTITY_LOOP);
            }
        }
        if (markupEntities.contains(n)) {
            // libxml2 parses such replacement text as content in a context of its own; not reproduced here.
            unsure();
        }
        return n;
    }

    // ---- entity amplification (libxml2's xmlParserEntityCheck, as it runs without XML_PARSE_NOENT) ----

    private static final String ENTITY_LOOP = "Detected an entity reference loop\n";

    /** Bounds the emulation itself: libxml2 decodes attribute entities twice per level. */
    private void step() {
        if (++work > 20_000_000L) {
            fatal(ENTITY_LOOP);
        }
    }

    private long checked(String n) {
        return entityChecked.getOrDefault(n, 0L);
    }

    private long record(String n, long diff, byte[] value) {
        long c = Math.min(diff, Integer.MAX_VALUE / 2) * 2;
        if (indexOf(value, '<', 0) >= 0) {
            c |= 1;
        }
        entityChecked.put(n, c);
        return c;
    }

    private static int indexOf(byte[] v, int ch, int from) {
        for (int i = from; i < v.length; i++) {
            if (v[i] == ch) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A reference in content: the first one parses the replacement text in a parser context of its own (counting
     * the references met there), later ones only add that count. The amplification check compares the count with
     * the bytes read so far by the context that holds the reference.
     */
    private void contentEntity(String n) {
        contentReference(n, b, pos, line, 0, documentEntities, true);
    }

    private void contentReference(String n, byte[] buf, int cur, int ln, int depth, long[] nb, boolean document) {
        byte[] value = entityValues.get(n);
        if (value == null) {
            return; // external: never loaded
        }
        long c = checked(n);
        if (c == 0) {
            if (depth + 1 > XmlLimits.MAX_ENTITY_DEPTH) {
                loopAt(buf, cur, ln, document);
            }
            long old = nb[0];
            long[] inner = new long[1];
            scanContent(value, depth + 2, inner);
            nb[0] += inner[0];
            c = record(n, nb[0] - old + 1, value);
            if (value.length > 0) {
                entityOwned.add(n);
            }
            if ((c / 2) * 3 >= (long) cur * XmlLimits.ENTITY_NON_LINEAR) {
                loopAt(buf, cur, ln, document);
            }
        } else if (c != 1) {
            nb[0] += c / 2;
        }
    }

    private void scanContent(byte[] v, int depth, long[] nb) {
        int ln = 1;
        for (int i = 0; i < v.length; i++) {
            step();
            if (v[i] == '\n') {
                ln++;
            } else if (v[i] == '&' && i + 1 < v.length && v[i + 1] != '#') {
                int semi = indexOf(v, ';', i + 1);
                if (semi < 0) {
                    return; // malformed replacement text: the reader behind the scan reports it
                }
                String ref = new String(v, i + 1, semi - i - 1, StandardCharsets.UTF_8);
                i = semi;
                if (!PREDEFINED.contains(ref)) {
                    nb[0]++;
                    contentReference(ref, v, semi + 1, ln, depth, nb, false);
                }
            }
        }
    }

    /**
     * A reference in an attribute value: libxml2 decodes the replacement text as a string, checking each entity met
     * inside against the document position of the attribute's reference.
     */
    private void attributeEntity(String n) {
        documentEntities[0] += 1 + (entityOwned.contains(n) ? 1 : 0);
        byte[] value = entityValues.get(n);
        if (checked(n) == 0) {
            long old = documentEntities[0];
            decodeString(value, 1);
            record(n, documentEntities[0] - old + 1, value);
        }
    }

    private void decodeString(byte[] v, int depth) {
        if (depth > XmlLimits.MAX_ENTITY_DEPTH) {
            fatal(ENTITY_LOOP);
        }
        for (int i = 0; i < v.length; i++) {
            step();
            if (v[i] == '&' && i + 1 < v.length && v[i + 1] != '#') {
                int semi = indexOf(v, ';', i + 1);
                if (semi < 0) {
                    return;
                }
                String ref = new String(v, i + 1, semi - i - 1, StandardCharsets.UTF_8);
                i = semi;
                if (PREDEFINED.contains(ref)) {
                    continue;
                }
                documentEntities[0]++;
                byte[] inner = entityValues.get(ref);
                if (inner == null) {
                    continue;
                }
                long c = checked(ref);
                if (c == 0) {
                    entityChecked.put(ref, 1L);
                    long old = documentEntities[0];
                    decodeString(inner, depth + 1);
                    c = record(ref, documentEntities[0] - old + 1, inner);
                }
                if ((c / 2) * 3 >= (long) pos * XmlLimits.ENTITY_NON_LINEAR) {
                    fatal(ENTITY_LOOP);
                }
                documentEntities[0] += c / 2;
                decodeString(inner, depth + 1);
            }
        }
    }

    private void loopAt(byte[] buf, int cur, int ln, boolean document) {
        if (document) {
            fatalAt(ln, cur, ENTITY_LOOP);
        }
        throw new Fatal(new Result(render(null, buf, ln, cur, ENTITY_LOOP), false));
    }

    /** Bytes of the fully substituted replacement text, saturated just above the limit. */
    private long expandedLength(String n, Set<String> active) {
        Long known = expandedLength.get(n);
        if (known != null) {
            return known;
        }
        byte[] v = entityValues.get(n);
        if (v == null || !active.add(n)) {
            return v == null ? 0 : XmlLimits.MAX_ENTITY_EXPANSION + 1;
        }
        long total = 0;
        for (int i = 0; i < v.length && total <= XmlLimits.MAX_ENTITY_EXPANSION; i++) {
            step();
            if (v[i] == '&' && i + 1 < v.length && v[i + 1] != '#') {
                int semi = indexOf(v, ';', i + 1);
                if (semi < 0) {
                    break;
                }
                String ref = new String(v, i + 1, semi - i - 1, StandardCharsets.UTF_8);
                total += PREDEFINED.contains(ref) ? 1 : expandedLength(ref, active);
                i = semi;
            } else {
                total++;
            }
        }
        active.remove(n);
        total = Math.min(total, XmlLimits.MAX_ENTITY_EXPANSION + 1);
        expandedLength.put(n, total);
        return total;
    }
}
