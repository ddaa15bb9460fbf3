package org.virtd.daemon.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A configuration file that cannot be used: unreadable, bad syntax, or a value of the wrong type or
 * out of range.
 *
 * <p>{@link #getMessage()} is libvirt's full error text, the error-code prefix included, for example
 * {@code internal error: /etc/virtd/virtd.conf:12: expected an unsigned integer for 'max_clients'
 * parameter}. Unlike libvirt, value errors also carry the line of the offending key.
 * libvirtd prints such a failure as {@code Can't load config file: MESSAGE: FILE} and exits with
 * status 1; {@link #loadFailureMessage()} gives that line.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** libvirt's error code behind each failure, with its number and message prefix. */
    public enum Kind {
        /** {@code VIR_ERR_INTERNAL_ERROR}: type and range errors of {@code virConfGetValue*}. */
        INTERNAL_ERROR(1, "internal error: "),
        /** {@code VIR_ERR_INVALID_ARG}: a log priority outside 1..4. */
        INVALID_ARG(8, "invalid argument: "),
        /** {@code VIR_ERR_CONF_SYNTAX}: the file does not parse. */
        CONF_SYNTAX(33, "configuration file syntax error: "),
        /** {@code VIR_ERR_SYSTEM_ERROR}: the file cannot be read. */
        SYSTEM_ERROR(38, ""),
        /** {@code VIR_ERR_CONFIG_UNSUPPORTED}: a well-typed value virtd refuses. */
        CONFIG_UNSUPPORTED(67, "unsupported configuration: ");

        private final int code;
        private final String prefix;

        Kind(int code, String prefix) {
            this.code = code;
            this.prefix = prefix;
        }

        /** libvirt's {@code virErrorNumber}. */
        public int code() {
            return code;
        }
    }

    private final Kind kind;
    private final String file;
    private final int line;
    private final @Nullable String key;
    private final String detail;

    /**
     * @param kind the libvirt error code
     * @param file the file name as given by the caller
     * @param line the 1-based line, or 0 when the failure concerns the whole file
     * @param key the key at fault, or null for syntax and I/O errors
     * @param detail the message without the code prefix, already naming file and line
     */
    ConfigException(Kind kind, String file, int line, @Nullable String key, String detail) {
        super(kind.prefix + detail);
        this.kind = Objects.requireNonNull(kind);
        this.file = Objects.requireNonNull(file);
        this.line = line;
        this.key = key;
        this.detail = detail;
    }

    static ConfigException syntax(String file, int line, String what) {
        return new ConfigException(Kind.CONF_SYNTAX, file, line, null, file + ":" + line + ": " + what);
    }

    static ConfigException value(Kind kind, String file, ConfEntry entry, String what) {
        return new ConfigException(kind, file, entry.line(), entry.name(),
                file + ":" + entry.line() + ": " + what);
    }

    public Kind kind() {
        return kind;
    }

    /** The file name as the caller gave it. */
    public String file() {
        return file;
    }

    /** The 1-based line number, or 0 when no line applies (an unreadable file). */
    public int line() {
        return line;
    }

    /** The key whose value was refused, or null for syntax and I/O errors. */
    public @Nullable String key() {
        return key;
    }

    /** The message without libvirt's error-code prefix. */
    public String detail() {
        return detail;
    }

    /** The line libvirtd logs before exiting: {@code Can't load config file: MESSAGE: FILE}. */
    public String loadFailureMessage() {
        return "Can't load config file: " + getMessage() + ": " + file;
    }
}
