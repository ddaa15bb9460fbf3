package org.virtd.api;

import org.jspecify.annotations.Nullable;

/**
 * The one error type of the public API: libvirt's {@code virError} as an unchecked exception.
 *
 * <p>Fields map one to one onto the wire's {@code remote_error}: code, domain, message, level, str1–str3,
 * int1–int2. Errors are values carried by the exception of each call; there is no thread-local "last error"
 * (see USERS.md #15).
 */
public final class VirException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** libvirt's {@code virErrorLevel}. */
    public static final int LEVEL_NONE = 0;
    public static final int LEVEL_WARNING = 1;
    public static final int LEVEL_ERROR = 2;

    private final int code;
    private final int domain;
    private final int level;
    private final @Nullable String str1;
    private final @Nullable String str2;
    private final @Nullable String str3;
    private final int int1;
    private final int int2;

    /** Builds an error exactly as received from a peer or constructed field by field. */
    public VirException(int code, int domain, @Nullable String message, int level, @Nullable String str1,
                        @Nullable String str2, @Nullable String str3, int int1, int int2) {
        super(message, null, false, false);
        this.code = code;
        this.domain = domain;
        this.level = level;
        this.str1 = str1;
        this.str2 = str2;
        this.str3 = str3;
        this.int1 = int1;
        this.int2 = int2;
    }

    /**
     * An error the way libvirt's reporting helper builds it: the message is the code's template with
     * {@code detail} put in place of {@code %s} (or the plain template without a detail); str1 is the
     * template, str2 the detail.
     */
    public static VirException of(VirErrorDomain domain, VirErrorCode code, @Nullable String detail) {
        String template = code.template(detail != null);
        String message;
        if (template == null) {
            message = detail;
        } else if (detail == null) {
            message = template;
        } else {
            message = template.replace("%s", detail);
        }
        return new VirException(code.wireValue(), domain.wireValue(), message, LEVEL_ERROR, template, detail,
                null, -1, -1);
    }

    /** {@link #of} with a detail formatted from {@code format} and {@code args}. */
    public static VirException format(VirErrorDomain domain, VirErrorCode code, String format, Object... args) {
        return of(domain, code, String.format(format, args));
    }

    /** The "this function is not supported by the connection driver: API" error of a missing driver method. */
    public static VirException unsupported(String apiName) {
        return of(VirErrorDomain.DOMAIN, VirErrorCode.NO_SUPPORT, apiName);
    }

    /**
     * {@link #unsupported(String)} reported from another error domain: libvirt's QEMU-specific entry points
     * (libvirt-qemu) report under VIR_FROM_NONE.
     */
    public static VirException unsupported(VirErrorDomain from, String apiName) {
        return of(from, VirErrorCode.NO_SUPPORT, apiName);
    }

    /** {@link #readOnly(String)} reported from another error domain (libvirt-qemu's VIR_FROM_NONE). */
    public static VirException readOnly(VirErrorDomain from, String what) {
        return of(from, VirErrorCode.OPERATION_DENIED, "read only access prevents " + what);
    }

    /** The read-only refusal: "operation forbidden: read only access prevents API". */
    public static VirException readOnly(String what) {
        return of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_DENIED, "read only access prevents " + what);
    }

    /** An invalid-argument error naming the API, as libvirt's argument checks report them. */
    public static VirException invalidArg(String detail) {
        return of(VirErrorDomain.DOMAIN, VirErrorCode.INVALID_ARG, detail);
    }

    /**
     * libvirt's argument-check error ({@code virReportInvalidArg} and its non-zero / non-negative / flags
     * variants): the message is the sentence itself, str1 the reporting function, str2 the argument's name,
     * int1 and int2 zero, exactly the fields libvirt sends.
     */
    public static VirException invalidArgument(String function, String argName, String message) {
        return new VirException(VirErrorCode.INVALID_ARG.wireValue(), VirErrorDomain.DOMAIN.wireValue(), message,
                LEVEL_ERROR, function, argName, null, 0, 0);
    }

    public int code() {
        return code;
    }

    /** The code as an enum, or {@code null} for a number this release does not know (kept raw in {@link #code()}). */
    public @Nullable VirErrorCode errorCode() {
        return VirErrorCode.fromWire(code);
    }

    public int domain() {
        return domain;
    }

    public @Nullable VirErrorDomain errorDomain() {
        return VirErrorDomain.fromWire(domain);
    }

    public int level() {
        return level;
    }

    public @Nullable String str1() {
        return str1;
    }

    public @Nullable String str2() {
        return str2;
    }

    public @Nullable String str3() {
        return str3;
    }

    public int int1() {
        return int1;
    }

    public int int2() {
        return int2;
    }
}
