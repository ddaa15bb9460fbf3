package org.virtd.virsh;

/**
 * virsh's option kinds. They decide how an option is parsed (a bool takes no value), whether it may be given
 * without its name (every non-bool option unless {@link VshOption#requireName()}), and how help shows it.
 * A command declares the kind in its Picocli {@code @Option}'s {@code paramLabel}; a {@code boolean} field is
 * always {@link #BOOL}.
 */
public enum OptionType {
    /** A flag without a value. */
    BOOL,
    /** A value shown as {@code <number>}; parsed by the command. */
    INT,
    /** A value shown as {@code <string>}; optional unless required. */
    STRING,
    /** A value that is usually given positionally, shown as {@code <name>}. */
    DATA,
    /** Every remaining value. */
    ARGV;

    /** The {@code paramLabel} spelling a command uses to declare this kind. */
    public static final String LABEL_INT = "number";
    public static final String LABEL_STRING = "string";
    public static final String LABEL_DATA = "data";
    public static final String LABEL_ARGV = "argv";

    static OptionType fromLabel(String label, Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return BOOL;
        }
        return switch (label) {
            case LABEL_INT -> INT;
            case LABEL_DATA -> DATA;
            case LABEL_ARGV -> ARGV;
            case LABEL_STRING -> STRING;
            default -> throw new IllegalStateException("option paramLabel must name a virsh option type: " + label);
        };
    }
}
