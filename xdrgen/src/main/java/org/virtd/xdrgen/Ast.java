package org.virtd.xdrgen;

import java.util.List;
import java.util.Map;

/** Syntax tree of one definition file, in declaration order. */
public final class Ast {
    private Ast() {
    }

    /** Built-in scalar types; char and short travel as 4-byte words like int. */
    public enum Prim {
        INT, UINT, HYPER, UHYPER, DOUBLE, FLOAT, BOOL, CHAR, UCHAR, SHORT, USHORT;

        /** Encoded size in bytes. */
        public int size() {
            return this == HYPER || this == UHYPER || this == DOUBLE ? 8 : 4;
        }

        /** Spelling in the definition language, used by the ABI dump. */
        public String xdrName() {
            return switch (this) {
                case INT -> "int";
                case UINT -> "unsigned int";
                case HYPER -> "hyper";
                case UHYPER -> "unsigned hyper";
                case DOUBLE -> "double";
                case FLOAT -> "float";
                case BOOL -> "bool";
                case CHAR -> "char";
                case UCHAR -> "unsigned char";
                case SHORT -> "short";
                case USHORT -> "unsigned short";
            };
        }
    }

    /** The type part of a declaration before any array or pointer suffix. */
    public sealed interface TypeSpec permits PrimType, StringType, OpaqueType, NamedType {
    }

    public record PrimType(Prim prim) implements TypeSpec {
    }

    public record StringType() implements TypeSpec {
    }

    public record OpaqueType() implements TypeSpec {
    }

    public record NamedType(String name) implements TypeSpec {
    }

    /** How a declaration wraps its type. */
    public enum Wrap {
        PLAIN, FIXED, VARIABLE, OPTIONAL, VOID
    }

    /** {@code type name}, {@code type name[N]}, {@code type name<N>}, {@code type *name} or {@code void}. */
    public record Decl(TypeSpec type, String name, Wrap wrap, String bound, int line) {
    }

    /** Top-level definitions. */
    public sealed interface Definition permits Const, Typedef, Struct, Union, EnumDef {
        String name();

        Map<String, List<String>> annotations();
    }

    public record Const(String name, String value, Map<String, List<String>> annotations) implements Definition {
    }

    public record Typedef(String name, Decl decl, Map<String, List<String>> annotations) implements Definition {
    }

    public record Struct(String name, List<Decl> fields, Map<String, List<String>> annotations)
            implements Definition {
    }

    /** One arm; {@code label} is null for {@code default}. */
    public record Arm(String label, Decl decl) {
    }

    public record Union(String name, Decl discriminant, List<Arm> arms, Map<String, List<String>> annotations)
            implements Definition {
    }

    public record EnumValue(String name, String value, Map<String, List<String>> annotations) {
    }

    public record EnumDef(String name, List<EnumValue> values, Map<String, List<String>> annotations)
            implements Definition {
    }

    /**
     * A parsed file. {@code imports} names other definition files of the same folder ({@code import remote;}
     * reads {@code remote.x}) whose types and constants this file may use; their Java lives in the sibling
     * package named after the imported file.
     */
    public record Spec(String fileName, List<Definition> definitions, List<String> imports) {
        public Spec(String fileName, List<Definition> definitions) {
            this(fileName, definitions, List.of());
        }
    }
}
