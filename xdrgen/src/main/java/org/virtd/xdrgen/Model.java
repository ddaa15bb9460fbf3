package org.virtd.xdrgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
import org.virtd.xdrgen.Ast.Typedef;
import org.virtd.xdrgen.Ast.Union;

/**
 * Resolved view of a {@link Spec}: constants evaluated, typedefs unwrapped into {@link Shape}s, Java names
 * chosen, and the procedure table read from the {@code <prefix>_procedure} enum.
 */
public final class Model {
    /** What a declaration looks like on the wire after typedefs are unwrapped. */
    public sealed interface Shape permits Scalar, Str, Bytes, Chars, Uuid, Ref, Opt, ListOf {
    }

    public record Scalar(Prim prim) implements Shape {
    }

    public record Str(long max) implements Shape {
    }

    /** opaque[n] (fixed) or opaque&lt;n&gt;. */
    public record Bytes(boolean fixed, long n) implements Shape {
    }

    /** char[n] or char&lt;n&gt;: one 4-byte word per element; {@code signed} for plain char. */
    public record Chars(boolean fixed, long n, boolean signed) implements Shape {
    }

    public record Uuid() implements Shape {
    }

    /** A struct, union or enum by its XDR name. */
    public record Ref(String xdrName) implements Shape {
    }

    public record Opt(Shape inner) implements Shape {
    }

    public record ListOf(Shape elem, boolean fixed, long n) implements Shape {
    }

    public record Field(String xdrName, String javaName, Shape shape, Decl decl) {
    }

    public enum ProcKind { CALL, EVENT }

    /** One procedure with its annotations resolved. */
    public record Proc(int number, String xdrName, String name, String argsType, String retType, ProcKind kind,
            String priority, boolean needsAuth, String stream, String api, List<String> acl, String since) {
    }

    private static final Set<String> JAVA_LANG = Set.of("Error", "Object", "String", "Class", "Record", "Enum",
            "Integer", "Long", "Double", "Float", "Boolean", "Byte", "Short", "Character", "Number", "Void",
            "Exception", "Thread", "System", "Override", "Runtime", "Process", "Module", "Package", "Math");
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "record", "yield", "var", "sealed", "permits");
    private static final Set<String> PROC_ANNOTATIONS = Set.of("generate", "priority", "acl", "auth", "stream",
            "event", "api", "since");

    private final Spec spec;
    private final Map<String, Long> consts = new LinkedHashMap<>();
    private final Map<String, Definition> types = new LinkedHashMap<>();
    private final String prefix;
    private final String programName;
    private final List<Proc> procs = new ArrayList<>();
    private final List<Model> imports;

    public Model(Spec spec) {
        this(spec, List.of());
    }

    /**
     * @param imports the resolved models of {@code spec.imports()}, in the same order: names this file does not
     *        define are looked up in them
     */
    public Model(Spec spec, List<Model> imports) {
        this.spec = spec;
        this.imports = List.copyOf(imports);
        if (imports.size() != spec.imports().size()) {
            throw new XdrGenException(spec.fileName() + ": imports not resolved");
        }
        EnumDef procEnum = null;
        for (Definition d : spec.definitions()) {
            if (d instanceof Const c) {
                consts.put(c.name(), number(c.value()));
            } else if (d instanceof EnumDef e && e.name().endsWith("_procedure")) {
                if (procEnum != null) {
                    throw new XdrGenException(spec.fileName() + ": more than one procedure enum");
                }
                procEnum = e;
            } else {
                if (types.put(d.name(), d) != null) {
                    throw new XdrGenException(spec.fileName() + ": '" + d.name() + "' defined twice");
                }
                if (d instanceof EnumDef e) {
                    for (EnumValue v : e.values()) {
                        consts.put(v.name(), number(v.value()));
                    }
                }
            }
        }
        if (procEnum != null) {
            prefix = procEnum.name().substring(0, procEnum.name().length() - "procedure".length());
        } else {
            prefix = "";
        }
        programName = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1).toUpperCase(Locale.ROOT);
        if (procEnum != null) {
            readProcedures(procEnum);
        }
        // Resolve every declaration once so that errors surface even for unused types.
        for (Definition d : types.values()) {
            if (d instanceof Struct s) {
                fields(s);
            } else if (d instanceof Union u) {
                for (Ast.Arm a : u.arms()) {
                    if (a.label() == null) {
                        throw new XdrGenException(spec.fileName() + ": union " + u.name()
                                + ": default arms are not supported");
                    }
                    value(a.label());
                    if (a.decl().wrap() != Ast.Wrap.VOID) {
                        shape(a.decl());
                    }
                }
            } else if (d instanceof Typedef t) {
                shape(t.decl());
            }
        }
    }

    private void readProcedures(EnumDef procEnum) {
        String constPrefix = prefix.toUpperCase(Locale.ROOT) + "PROC_";
        int last = 0;
        for (EnumValue v : procEnum.values()) {
            if (!v.name().startsWith(constPrefix)) {
                throw new XdrGenException(spec.fileName() + ": procedure '" + v.name() + "' must start with "
                        + constPrefix);
            }
            for (String a : v.annotations().keySet()) {
                if (!PROC_ANNOTATIONS.contains(a)) {
                    throw new XdrGenException(spec.fileName() + ": " + v.name() + ": unknown annotation @" + a);
                }
            }
            int number = (int) number(v.value());
            if (number <= last) {
                throw new XdrGenException(spec.fileName() + ": " + v.name()
                        + ": procedure numbers must increase (append-only)");
            }
            last = number;
            String name = v.name().substring(constPrefix.length());
            String base = prefix + name.toLowerCase(Locale.ROOT);
            boolean event = v.annotations().containsKey("event");
            String args = structOrNull(base + (event ? "_msg" : "_args"));
            String ret = event ? null : structOrNull(base + "_ret");
            String priority = single(v, "priority", "low");
            if (!priority.equals("low") && !priority.equals("high")) {
                throw new XdrGenException(spec.fileName() + ": " + v.name() + ": @priority must be low or high");
            }
            String auth = single(v, "auth", "required");
            if (!auth.equals("none") && !auth.equals("required")) {
                throw new XdrGenException(spec.fileName() + ": " + v.name() + ": @auth must be none or required");
            }
            String stream = single(v, "stream", "none").split(" ")[0];
            if (!Set.of("none", "read", "write").contains(stream)) {
                throw new XdrGenException(spec.fileName() + ": " + v.name() + ": @stream must be read or write");
            }
            String api = single(v, "api", camel(name.toLowerCase(Locale.ROOT)));
            procs.add(new Proc(number, v.name(), name, args, ret, event ? ProcKind.EVENT : ProcKind.CALL, priority,
                    auth.equals("required"), stream, api, v.annotations().getOrDefault("acl", List.of()),
                    single(v, "since", "")));
        }
    }

    private String single(EnumValue v, String key, String dflt) {
        List<String> l = v.annotations().get(key);
        if (l == null) {
            return dflt;
        }
        if (l.size() != 1) {
            throw new XdrGenException(spec.fileName() + ": " + v.name() + ": @" + key + " given twice");
        }
        return l.get(0);
    }

    private String structOrNull(String name) {
        return types.get(name) instanceof Struct ? name : null;
    }

    private long number(String v) {
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            Long c = consts.get(v);
            for (int i = 0; c == null && i < imports.size(); i++) {
                c = imports.get(i).consts.get(v);
            }
            if (c == null) {
                throw new XdrGenException(spec.fileName() + ": unknown constant '" + v + "'");
            }
            return c;
        }
    }

    /** The numeric value of a literal or a constant defined earlier in the file. */
    public long value(String v) {
        return number(v);
    }

    public Spec spec() {
        return spec;
    }

    /** Lower-case type prefix such as {@code remote_}; empty when the file has no procedure enum. */
    public String prefix() {
        return prefix;
    }

    /** Upper-case program name such as {@code REMOTE}. */
    public String programName() {
        return programName;
    }

    /** CamelCase program name such as {@code Remote}, used for class names. */
    public String programClassPrefix() {
        return camelType(programName.toLowerCase(Locale.ROOT));
    }

    public Map<String, Long> consts() {
        return consts;
    }

    public Map<String, Definition> types() {
        return types;
    }

    public List<Proc> procedures() {
        return procs;
    }

    public Definition type(String xdrName) {
        Definition d = types.get(xdrName);
        Model owner = importOwner(xdrName);
        if (d == null && owner != null) {
            d = owner.type(xdrName);
        }
        if (d == null) {
            throw new XdrGenException(spec.fileName() + ": unknown type '" + xdrName + "'");
        }
        return d;
    }

    /** The imported model that defines {@code xdrName}, or null when this file defines it (or nobody does). */
    public Model importOwner(String xdrName) {
        if (types.containsKey(xdrName)) {
            return null;
        }
        for (Model m : imports) {
            if (m.types.containsKey(xdrName)) {
                return m;
            }
            Model deeper = m.importOwner(xdrName);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    /** The definition file's name without {@code .x}: the last segment of its Java package by convention. */
    public String baseName() {
        String f = spec.fileName();
        int slash = f.lastIndexOf('/');
        f = slash < 0 ? f : f.substring(slash + 1);
        return f.endsWith(".x") ? f.substring(0, f.length() - 2) : f;
    }

    /** Java type name: prefix stripped, CamelCase; names that would shadow java.lang get the program name. */
    public String javaType(String xdrName) {
        Model owner = importOwner(xdrName);
        if (owner != null) {
            return owner.javaType(xdrName);
        }
        String n = xdrName.startsWith(prefix) ? xdrName.substring(prefix.length()) : xdrName;
        String j = camelType(n);
        if (JAVA_LANG.contains(j)) {
            j = programClassPrefix() + j;
        }
        return j;
    }

    static String camelType(String snake) {
        StringBuilder b = new StringBuilder();
        for (String p : snake.split("_")) {
            if (!p.isEmpty()) {
                b.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1));
            }
        }
        return b.toString();
    }

    /** Field name: snake_case to camelCase; names already in camelCase are kept. */
    public static String camel(String snake) {
        String[] parts = snake.split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
        }
        String s = b.toString();
        return KEYWORDS.contains(s) ? s + "_" : s;
    }

    public List<Field> fields(Struct s) {
        List<Field> out = new ArrayList<>();
        for (Decl d : s.fields()) {
            out.add(new Field(d.name(), camel(d.name()), shape(d), d));
        }
        return out;
    }

    public Field armField(Decl d) {
        return new Field(d.name(), camel(d.name()), shape(d), d);
    }

    /** Unwraps typedefs and applies the declaration's array or pointer suffix. */
    public Shape shape(Decl d) {
        return shape(d, 0);
    }

    private Shape shape(Decl d, int depth) {
        if (depth > 32) {
            throw new XdrGenException(spec.fileName() + ":" + d.line() + ": typedef cycle");
        }
        long n = d.bound() == null ? 0 : number(d.bound());
        if (d.wrap() == Ast.Wrap.VARIABLE || d.wrap() == Ast.Wrap.FIXED) {
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new XdrGenException(spec.fileName() + ":" + d.line() + ": bound out of range: " + n);
            }
        }
        boolean fixed = d.wrap() == Ast.Wrap.FIXED;
        if (d.type() instanceof StringType) {
            return new Str(n);
        }
        if (d.type() instanceof OpaqueType) {
            return new Bytes(fixed, n);
        }
        Shape base;
        if (d.type() instanceof PrimType p) {
            if ((p.prim() == Prim.CHAR || p.prim() == Prim.UCHAR)
                    && (d.wrap() == Ast.Wrap.VARIABLE || d.wrap() == Ast.Wrap.FIXED)) {
                return new Chars(fixed, n, p.prim() == Prim.CHAR);
            }
            base = new Scalar(p.prim());
        } else {
            String name = ((NamedType) d.type()).name();
            Definition def = type(name);
            if (def instanceof Typedef t) {
                base = t.annotations().containsKey("uuid") ? uuid(t) : shape(t.decl(), depth + 1);
            } else {
                base = new Ref(name);
            }
        }
        return switch (d.wrap()) {
            case PLAIN -> base;
            case OPTIONAL -> new Opt(base);
            case VARIABLE -> new ListOf(base, false, n);
            case FIXED -> new ListOf(base, true, n);
            case VOID -> throw new XdrGenException(spec.fileName() + ":" + d.line() + ": unexpected void");
        };
    }

    private Shape uuid(Typedef t) {
        Decl d = t.decl();
        if (!(d.type() instanceof OpaqueType) || d.wrap() != Ast.Wrap.FIXED || number(d.bound()) != 16) {
            throw new XdrGenException(spec.fileName() + ": @uuid typedef " + t.name() + " must be opaque[16]");
        }
        return new Uuid();
    }

    /** Smallest possible encoding, used to reject counts that cannot fit in the bytes left. */
    public long minSize(Shape s) {
        return switch (s) {
            case Scalar sc -> sc.prim().size();
            case Str st -> 4;
            case Bytes b -> b.fixed() ? pad(b.n()) : 4;
            case Chars c -> c.fixed() ? 4 * c.n() : 4;
            case Uuid u -> 16;
            case Opt o -> 4;
            case ListOf l -> l.fixed() ? l.n() * minSize(l.elem()) : 4;
            case Ref r -> switch (type(r.xdrName())) {
                case Struct st -> fields(st).stream().mapToLong(f -> minSize(f.shape())).sum();
                case Union u -> 4 + u.arms().stream()
                        .mapToLong(a -> a.decl().wrap() == Ast.Wrap.VOID ? 0 : minSize(shape(a.decl()))).min()
                        .orElse(0);
                default -> 4;
            };
        };
    }

    static long pad(long n) {
        return (n + 3) & ~3L;
    }

    /** Common upper-case prefix of enum constants, cut at an underscore, so SASL stays for REMOTE_AUTH_SASL. */
    public static String enumPrefix(List<String> names) {
        if (names.size() < 2) {
            return "";
        }
        String p = names.get(0);
        for (String n : names) {
            while (!n.startsWith(p)) {
                p = p.substring(0, p.length() - 1);
            }
        }
        int cut = p.lastIndexOf('_');
        p = cut < 0 ? "" : p.substring(0, cut + 1);
        for (String n : names) {
            String rest = n.substring(p.length());
            if (rest.isEmpty() || Character.isDigit(rest.charAt(0))) {
                return "";
            }
        }
        return p;
    }
}
