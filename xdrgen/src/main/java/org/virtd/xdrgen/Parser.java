package org.virtd.xdrgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.virtd.xdrgen.Ast.Arm;
import org.virtd.xdrgen.Ast.Const;
import org.virtd.xdrgen.Ast.Decl;
import org.virtd.xdrgen.Ast.Definition;
import org.virtd.xdrgen.Ast.EnumDef;
import org.virtd.xdrgen.Ast.EnumValue;
import org.virtd.xdrgen.Ast.NamedType;
import org.virtd.xdrgen.Ast.OpaqueType;
import org.virtd.xdrgen.Ast.Prim;
import org.virtd.xdrgen.Ast.PrimType;
import org.virtd.xdrgen.Ast.Spec;
import org.virtd.xdrgen.Ast.StringType;
import org.virtd.xdrgen.Ast.Struct;
import org.virtd.xdrgen.Ast.TypeSpec;
import org.virtd.xdrgen.Ast.Typedef;
import org.virtd.xdrgen.Ast.Union;
import org.virtd.xdrgen.Ast.Wrap;

/**
 * Recursive-descent parser for the XDR subset we accept. Deliberately strict: unbounded strings and
 * arrays, multi-label arms and unknown keywords are errors, because every length that reaches a decoder
 * must have an explicit maximum (house rule 5).
 *
 * <p>A {@code /** ... *}{@code /} comment directly before a definition or an enum constant carries
 * annotations: each {@code @name value} pair becomes one entry; a name may repeat.
 */
public final class Parser {
    private static final Pattern ANNOTATION = Pattern.compile("@([A-Za-z]+)([^@]*)");

    private enum Kind { IDENT, NUMBER, PUNCT, EOF }

    private record Token(Kind kind, String text, int line, String doc) {
    }

    private final String fileName;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Parser(String fileName, String text) {
        this.fileName = fileName;
        lex(text);
    }

    /** Parses one definition file. */
    public static Spec parse(String fileName, String text) {
        Parser p = new Parser(fileName, text);
        List<Definition> defs = new ArrayList<>();
        List<String> imports = new ArrayList<>();
        while (p.peek().kind != Kind.EOF) {
            if (p.accept("import")) {
                if (!defs.isEmpty()) {
                    throw p.error(p.peek().line, "imports must come before every definition");
                }
                Token name = p.next();
                if (name.kind != Kind.IDENT) {
                    throw p.error(name.line, "expected the name of a definition file after 'import'");
                }
                p.expect(";");
                imports.add(name.text);
            } else {
                defs.add(p.definition());
            }
        }
        return new Spec(fileName, List.copyOf(defs), List.copyOf(imports));
    }

    private void lex(String s) {
        int line = 1;
        int i = 0;
        String doc = null;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '%' && (i == 0 || s.charAt(i - 1) == '\n')) {
                // rpcgen pass-through lines have no meaning for Java.
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw error(line, "unterminated comment");
                }
                String body = s.substring(i + 2, end);
                if (body.startsWith("*")) {
                    doc = body.substring(1);
                }
                line += (int) body.chars().filter(ch -> ch == '\n').count();
                i = end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, s.substring(start, i), line, doc));
                doc = null;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, s.substring(start, i), line, doc));
                doc = null;
            } else if ("{}()<>[];:,=*".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c), line, doc));
                doc = null;
                i++;
            } else {
                throw error(line, "unexpected character '" + c + "'");
            }
        }
        tokens.add(new Token(Kind.EOF, "<end of file>", line, null));
    }

    private XdrGenException error(int line, String message) {
        return new XdrGenException(fileName + ":" + line + ": " + message);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private boolean accept(String text) {
        if (peek().kind != Kind.EOF && peek().text.equals(text)) {
            pos++;
            return true;
        }
        return false;
    }

    private Token expect(String text) {
        Token t = next();
        if (!t.text.equals(text)) {
            throw error(t.line, "expected '" + text + "' but found '" + t.text + "'");
        }
        return t;
    }

    private String ident() {
        Token t = next();
        if (t.kind != Kind.IDENT) {
            throw error(t.line, "expected a name but found '" + t.text + "'");
        }
        return t.text;
    }

    /** A number or the name of a constant. */
    private String value() {
        Token t = next();
        if (t.kind != Kind.IDENT && t.kind != Kind.NUMBER) {
            throw error(t.line, "expected a value but found '" + t.text + "'");
        }
        return t.text;
    }

    static Map<String, List<String>> annotations(String doc) {
        if (doc == null) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        String flat = doc.replaceAll("(?m)^\\s*\\*", " ");
        Matcher m = ANNOTATION.matcher(flat);
        while (m.find()) {
            String v = m.group(2).trim().replaceAll("\\s+", " ");
            out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(v);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    private Definition definition() {
        Token start = peek();
        Map<String, List<String>> ann = annotations(start.doc);
        String kw = ident();
        switch (kw) {
            case "const" -> {
                String name = ident();
                expect("=");
                String v = value();
                expect(";");
                return new Const(name, v, ann);
            }
            case "typedef" -> {
                Decl d = declaration();
                expect(";");
                if (d.wrap() == Wrap.VOID) {
                    throw error(start.line, "typedef of void");
                }
                return new Typedef(d.name(), d, ann);
            }
            case "struct" -> {
                String name = ident();
                expect("{");
                List<Decl> fields = new ArrayList<>();
                while (!accept("}")) {
                    Decl d = declaration();
                    if (d.wrap() == Wrap.VOID) {
                        throw error(start.line, "void field in struct " + name);
                    }
                    fields.add(d);
                    expect(";");
                }
                expect(";");
                if (fields.isEmpty()) {
                    throw error(start.line, "empty struct " + name);
                }
                return new Struct(name, List.copyOf(fields), ann);
            }
            case "union" -> {
                String name = ident();
                expect("switch");
                expect("(");
                Decl disc = declaration();
                expect(")");
                expect("{");
                List<Arm> arms = new ArrayList<>();
                while (!accept("}")) {
                    String label;
                    Token t = peek();
                    if (accept("default")) {
                        label = null;
                    } else {
                        expect("case");
                        label = value();
                    }
                    expect(":");
                    if (peek().text.equals("case")) {
                        throw error(t.line, "several labels on one arm are not supported; give each its own arm");
                    }
                    Decl d = declaration();
                    expect(";");
                    arms.add(new Arm(label, d));
                }
                expect(";");
                return new Union(name, disc, List.copyOf(arms), ann);
            }
            case "enum" -> {
                String name = ident();
                expect("{");
                List<EnumValue> values = new ArrayList<>();
                do {
                    Map<String, List<String>> va = annotations(peek().doc);
                    String vn = ident();
                    expect("=");
                    values.add(new EnumValue(vn, value(), va));
                } while (accept(","));
                expect("}");
                expect(";");
                return new EnumDef(name, List.copyOf(values), ann);
            }
            default -> throw error(start.line, "unknown definition keyword '" + kw + "'");
        }
    }

    private TypeSpec typeSpec() {
        Token t = peek();
        String w = ident();
        return switch (w) {
            case "unsigned" -> {
                String n = peek().kind == Kind.IDENT ? peek().text : "";
                Prim p = switch (n) {
                    case "int" -> Prim.UINT;
                    case "hyper" -> Prim.UHYPER;
                    case "char" -> Prim.UCHAR;
                    case "short" -> Prim.USHORT;
                    default -> null;
                };
                if (p == null) {
                    yield new PrimType(Prim.UINT);
                }
                pos++;
                yield new PrimType(p);
            }
            case "int" -> new PrimType(Prim.INT);
            case "hyper" -> new PrimType(Prim.HYPER);
            case "char" -> new PrimType(Prim.CHAR);
            case "short" -> new PrimType(Prim.SHORT);
            case "double" -> new PrimType(Prim.DOUBLE);
            case "float" -> new PrimType(Prim.FLOAT);
            case "bool" -> new PrimType(Prim.BOOL);
            case "string" -> new StringType();
            case "opaque" -> new OpaqueType();
            case "struct", "union", "enum" -> throw error(t.line, "inline " + w + " definitions are not supported");
            default -> new NamedType(w);
        };
    }

    private Decl declaration() {
        Token start = peek();
        if (accept("void")) {
            return new Decl(null, null, Wrap.VOID, null, start.line);
        }
        TypeSpec type = typeSpec();
        if (accept("*")) {
            return new Decl(type, ident(), Wrap.OPTIONAL, null, start.line);
        }
        String name = ident();
        Wrap wrap = Wrap.PLAIN;
        String bound = null;
        if (accept("<")) {
            if (peek().text.equals(">")) {
                throw error(start.line, "'" + name + "' has no maximum length; every variable-length item needs one");
            }
            bound = value();
            expect(">");
            wrap = Wrap.VARIABLE;
        } else if (accept("[")) {
            bound = value();
            expect("]");
            wrap = Wrap.FIXED;
        }
        if (type instanceof StringType && wrap != Wrap.VARIABLE) {
            throw error(start.line, "string '" + name + "' must be declared as string " + name + "<N>");
        }
        if (type instanceof OpaqueType && wrap == Wrap.PLAIN) {
            throw error(start.line, "opaque '" + name + "' needs [N] or <N>");
        }
        return new Decl(type, name, wrap, bound, start.line);
    }
}
