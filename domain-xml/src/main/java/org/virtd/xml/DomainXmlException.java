package org.virtd.xml;

/**
 * A domain XML document that cannot be accepted. Carries libvirt's numbers so that a driver can turn it into its
 * own error type without a translation table: {@link #code()} is a {@code virErrorNumber} (27 XML_ERROR,
 * 35 XML_DETAIL, 21 NO_NAME, 1 INTERNAL_ERROR, 67 CONFIG_UNSUPPORTED, 8 INVALID_ARG), {@link #errorDomain()} a
 * {@code virErrorDomain} (20 DOMAIN, 5 XML), and {@link #detail()} the text libvirt puts after its code's prefix
 * (null when libvirt reports the bare code).
 */
public final class DomainXmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int INTERNAL_ERROR = 1;
    public static final int INVALID_ARG = 8;
    public static final int NO_NAME = 21;
    public static final int XML_ERROR = 27;
    public static final int XML_DETAIL = 35;
    public static final int CONFIG_UNSUPPORTED = 67;

    public static final int FROM_XML = 5;
    public static final int FROM_DOMAIN = 20;

    private final int code;
    private final int errorDomain;
    private final String detail;

    public DomainXmlException(int code, int errorDomain, String detail) {
        super(detail == null ? "error " + code : detail, null, false, false);
        this.code = code;
        this.errorDomain = errorDomain;
        this.detail = detail;
    }

    public int code() {
        return code;
    }

    public int errorDomain() {
        return errorDomain;
    }

    /** The message detail, or null when libvirt reports only the code's own text (e.g. NO_NAME). */
    public String detail() {
        return detail;
    }
}
