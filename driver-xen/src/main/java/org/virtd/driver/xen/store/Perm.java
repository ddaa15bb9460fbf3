package org.virtd.driver.xen.store;

/**
 * One entry of a node's permission list, written on the wire as a letter and a domain id ({@code r5}). The
 * first entry names the owner and, by its letter, what every domain not listed may do.
 */
public record Perm(int domid, char kind) {
    public static final int READ = 1, WRITE = 2, OWNER = 4;

    public Perm {
        if ("nrwb".indexOf(kind) < 0) throw new IllegalArgumentException("permission letter " + kind);
    }

    /** Parses {@code r5}-style text as the daemon does; null for anything else. */
    public static Perm parse(String s) {
        if (s.length() < 2 || "nrwb".indexOf(s.charAt(0)) < 0) return null;
        String digits = s.substring(1);
        for (int i = 0; i < digits.length(); i++) if (!Character.isDigit(digits.charAt(i))) return null;
        if (digits.length() > 10) return null;
        long id = Long.parseLong(digits);
        if (id > 0xffffffffL) return null;
        return new Perm((int) id, s.charAt(0));
    }

    public int bits() {
        return switch (kind) {
            case 'r' -> READ;
            case 'w' -> WRITE;
            case 'b' -> READ | WRITE;
            default -> 0;
        };
    }

    @Override
    public String toString() { return kind + Integer.toUnsignedString(domid); }
}
