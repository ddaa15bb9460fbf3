package org.virtd.driver.xen.sxp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The reader behind {@link Sexpr#parse}. Iterative (an explicit stack of open lists) so that depth is a
 * counted limit rather than the JVM's stack size.
 */
final class SexprReader {
    private final String text;
    private final boolean lenient;
    private int pos;
    private int line = 1;
    private int column = 1;

    SexprReader(String text, boolean lenient) {
        this.text = text;
        this.lenient = lenient;
    }

    Sexpr readDocument() throws SxprException {
        if (text.length() > Sexpr.MAX_CHARS) {
            throw new SxprException("input larger than " + Sexpr.MAX_CHARS + " characters", 1, 1);
        }
        skipSpace();
        if (atEnd()) {
            throw new SxprException("unexpected end of input: no expression", line, column);
        }
        Sexpr result = readOne();
        skipSpace();
        if (!atEnd() && !lenient) {
            throw new SxprException("unexpected '" + printable(peek()) + "' after the expression", line, column);
        }
        return result;
    }

    private Sexpr readOne() throws SxprException {
        if (peek() == ')') {
            throw new SxprException("unexpected ')'", line, column);
        }
        if (peek() != '(') {
            return readAtom();
        }
        Deque<List<Sexpr>> open = new ArrayDeque<>();
        Deque<int[]> openedAt = new ArrayDeque<>();
        openedAt.push(new int[] {line, column});
        advance();
        open.push(new ArrayList<>());
        while (true) {
            skipSpace();
            if (atEnd() && lenient) {
                Sexpr done = new Sexpr.SList(open.pop());
                while (!open.isEmpty()) {
                    open.peek().add(done);
                    done = new Sexpr.SList(open.pop());
                }
                return done;
            }
            if (atEnd()) {
                int[] at = openedAt.peek();
                throw new SxprException("unexpected end of input", line, column,
                        "missing ')' for the '(' at line " + at[0] + ", column " + at[1]);
            }
            char c = peek();
            if (c == '(') {
                if (open.size() >= Sexpr.MAX_DEPTH) {
                    throw new SxprException("nesting deeper than " + Sexpr.MAX_DEPTH + " levels", line, column);
                }
                openedAt.push(new int[] {line, column});
                advance();
                open.push(new ArrayList<>());
            } else if (c == ')') {
                advance();
                openedAt.pop();
                Sexpr done = new Sexpr.SList(open.pop());
                if (open.isEmpty()) {
                    return done;
                }
                open.peek().add(done);
            } else {
                open.peek().add(readAtom());
            }
        }
    }

    private Sexpr.Atom readAtom() throws SxprException {
        char c = peek();
        StringBuilder sb = new StringBuilder();
        if (c == '\'' || c == '"') {
            int startLine = line;
            int startColumn = column;
            advance();
            while (true) {
                if (atEnd()) {
                    throw new SxprException("unexpected end of input", line, column,
                            "missing closing " + c + " for the string at line " + startLine + ", column "
                                    + startColumn);
                }
                char d = peek();
                if (d == c) {
                    advance();
                    return new Sexpr.Atom(sb.toString());
                }
                if (d == '\\') {
                    advance();
                    if (atEnd()) {
                        throw new SxprException("unexpected end of input after '\\'", line, column);
                    }
                    d = peek();
                }
                sb.append(d);
                advance();
            }
        }
        while (!atEnd()) {
            char d = peek();
            if (d == '(' || d == ')' || isSpace(d)) {
                break;
            }
            sb.append(d);
            advance();
        }
        return new Sexpr.Atom(sb.toString());
    }

    private void skipSpace() {
        while (!atEnd() && isSpace(peek())) {
            advance();
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** Skips line continuations so that every other method sees the joined text. */
    private void skipContinuations() {
        while (pos + 1 < text.length() && text.charAt(pos) == '\\' && text.charAt(pos + 1) == '\n') {
            pos += 2;
            line++;
            column = 1;
        }
    }

    private boolean atEnd() {
        skipContinuations();
        return pos >= text.length();
    }

    private char peek() {
        skipContinuations();
        return text.charAt(pos);
    }

    private void advance() {
        skipContinuations();
        if (text.charAt(pos) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        pos++;
    }

    private static String printable(char c) {
        return c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }
}
