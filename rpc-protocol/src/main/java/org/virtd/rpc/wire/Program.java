package org.virtd.rpc.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A program: name, number, version and its procedures in a dense array indexed by procedure number, so
 * that lookup of a client-supplied number is a bounds check and an array read.
 */
public final class Program {
    private final String name;
    private final int number;
    private final int version;
    private final Procedure<?, ?>[] byNumber;
    private final List<Procedure<?, ?>> procedures;

    public Program(String name, int number, int version, List<Procedure<?, ?>> procedures) {
        this.name = name;
        this.number = number;
        this.version = version;
        this.procedures = List.copyOf(procedures);
        int max = 0;
        for (Procedure<?, ?> p : this.procedures) {
            if (p.program() != number || p.version() != version) {
                throw new IllegalArgumentException("procedure " + p.name() + " belongs to program 0x"
                        + Integer.toHexString(p.program()) + " version " + p.version());
            }
            if (p.number() <= 0) {
                throw new IllegalArgumentException("procedure " + p.name() + ": number " + p.number());
            }
            max = Math.max(max, p.number());
        }
        byNumber = new Procedure<?, ?>[max + 1];
        for (Procedure<?, ?> p : this.procedures) {
            if (byNumber[p.number()] != null) {
                throw new IllegalArgumentException("procedure number " + p.number() + " used twice");
            }
            byNumber[p.number()] = p;
        }
    }

    public String name() {
        return name;
    }

    public int number() {
        return number;
    }

    public int version() {
        return version;
    }

    /** The procedure with this number, or null when the program has none (also for negative numbers). */
    public @Nullable Procedure<?, ?> procedure(int procedureNumber) {
        return procedureNumber >= 0 && procedureNumber < byNumber.length ? byNumber[procedureNumber] : null;
    }

    /** All procedures in number order. */
    public List<Procedure<?, ?>> procedures() {
        return procedures;
    }

    @Override
    public String toString() {
        return name + "(0x" + Integer.toHexString(number) + " v" + version + ")";
    }
}
