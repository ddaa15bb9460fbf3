package org.virtd.daemon.config;

import java.util.List;

/**
 * One value of a libvirt-style configuration file: a string, an integer or a list.
 *
 * <p>Integers remember whether they were written with a leading {@code -}: libvirt types them as
 * "signed" then, and every unsigned or boolean key refuses them even when the value is {@code -0}.
 */
public sealed interface ConfValue {

    /** A quoted string ({@code "..."}, {@code '...'} or {@code """..."""}), without its quotes. */
    record Str(String value) implements ConfValue {
    }

    /**
     * An integer.
     *
     * @param value the value; written magnitudes beyond 64 bits saturate to {@link Long#MAX_VALUE}
     *     or {@link Long#MIN_VALUE}, so every range check refuses them
     * @param negative whether the literal started with {@code -}
     */
    record Num(long value, boolean negative) implements ConfValue {
    }

    /** A bracketed list; elements may be of any type, lists included. */
    record ListValue(List<ConfValue> elements) implements ConfValue {
        public ListValue {
            elements = List.copyOf(elements);
        }
    }

    /** The type name used in messages. */
    default String typeName() {
        return switch (this) {
            case Str s -> "string";
            case Num n -> n.negative() ? "signed integer" : "unsigned integer";
            case ListValue l -> "list";
        };
    }
}
