package org.virtd.driver.xen.sxp;

/**
 * An xend S-expression that cannot be read or converted. Syntax errors carry the 1-based line and column of
 * the offending character; conversion errors (libvirt's "domain information incomplete" family) have none.
 */
public final class SxprException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /** A syntax error at {@code line}/{@code column} (1-based). */
    public SxprException(String problem, int line, int column) {
        super(problem + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    /** A syntax error at {@code line}/{@code column} (1-based) with what was expected there. */
    public SxprException(String problem, int line, int column, String detail) {
        super(problem + " at line " + line + ", column " + column + ": " + detail);
        this.line = line;
        this.column = column;
    }

    /** A well-formed expression that does not describe a domain libvirt would accept. */
    public SxprException(String message) {
        super(message);
        this.line = 0;
        this.column = 0;
    }

    /** 1-based line of a syntax error, 0 for a conversion error. */
    public int line() {
        return line;
    }

    /** 1-based column of a syntax error, 0 for a conversion error. */
    public int column() {
        return column;
    }
}
