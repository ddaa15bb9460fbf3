package org.virtd.xdrgen;

/** A definition file the generator cannot accept; the message names the file position when known. */
public final class XdrGenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public XdrGenException(String message) {
        super(message);
    }
}
