package org.virtd.api;

import java.util.Objects;

/**
 * One named, typed value: libvirt's {@code virTypedParameter}, used by the APIs that answer or take open-ended
 * sets of fields (domain statistics, migration parameters). Each kind is its own record, so a value can only be
 * read as the type it was sent with; {@link #type()} is libvirt's {@code virTypedParameterType} number, which
 * is also the wire discriminant.
 */
public sealed interface TypedParameter {
    /** {@code VIR_TYPED_PARAM_FIELD_LENGTH}: a field name must be shorter than this many bytes. */
    int FIELD_LENGTH = 80;

    int TYPE_INT = 1;
    int TYPE_UINT = 2;
    int TYPE_LLONG = 3;
    int TYPE_ULLONG = 4;
    int TYPE_DOUBLE = 5;
    int TYPE_BOOLEAN = 6;
    int TYPE_STRING = 7;

    String field();

    int type();

    /** {@code VIR_TYPED_PARAM_INT}. */
    record Int(String field, int value) implements TypedParameter {
        public Int {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public int type() {
            return TYPE_INT;
        }
    }

    /** {@code VIR_TYPED_PARAM_UINT}: the 32 bits of an unsigned int. */
    record UInt(String field, int value) implements TypedParameter {
        public UInt {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public int type() {
            return TYPE_UINT;
        }
    }

    /** {@code VIR_TYPED_PARAM_LLONG}. */
    record LLong(String field, long value) implements TypedParameter {
        public LLong {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public int type() {
            return TYPE_LLONG;
        }
    }

    /** {@code VIR_TYPED_PARAM_ULLONG}: the 64 bits of an unsigned long long. */
    record ULLong(String field, long value) implements TypedParameter {
        public ULLong {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public int type() {
            return TYPE_ULLONG;
        }
    }

    /** {@code VIR_TYPED_PARAM_DOUBLE}. */
    record Dbl(String field, double value) implements TypedParameter {
        public Dbl {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public int type() {
            return TYPE_DOUBLE;
        }
    }

    /** {@code VIR_TYPED_PARAM_BOOLEAN}. */
    record Bool(String field, boolean value) implements TypedParameter {
        public Bool {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public int type() {
            return TYPE_BOOLEAN;
        }
    }

    /** {@code VIR_TYPED_PARAM_STRING}. */
    record Str(String field, String value) implements TypedParameter {
        public Str {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int type() {
            return TYPE_STRING;
        }
    }
}
