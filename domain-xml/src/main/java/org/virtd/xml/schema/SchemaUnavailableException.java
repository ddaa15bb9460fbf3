package org.virtd.xml.schema;

import java.nio.file.Path;

/** A schema file that cannot be used: missing, unreadable, or not a correct Relax NG schema. */
public final class SchemaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public SchemaUnavailableException(Path file, String reason) {
        super("cannot use schema '" + file + "': " + reason);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** Why, without the file name. */
    public String reason() {
        return reason;
    }
}
