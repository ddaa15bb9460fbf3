package org.virtd.driver.xen.store;

/** Message types of the xenstore socket protocol; the numbers are the wire values of Xen's xs_wire.h. */
public enum XsType {
    CONTROL(0), DIRECTORY(1), READ(2), GET_PERMS(3), WATCH(4), UNWATCH(5), TRANSACTION_START(6),
    TRANSACTION_END(7), INTRODUCE(8), RELEASE(9), GET_DOMAIN_PATH(10), WRITE(11), MKDIR(12), RM(13),
    SET_PERMS(14), WATCH_EVENT(15), ERROR(16), IS_DOMAIN_INTRODUCED(17), RESUME(18), SET_TARGET(19),
    // 20 was XS_RESTRICT, withdrawn by Xen: the daemon treats it as an unknown type.
    RESET_WATCHES(21), DIRECTORY_PART(22);

    /** One past the highest defined type, as the daemon uses it to reject unknown types. */
    public static final int TYPE_COUNT = 23;

    private static final XsType[] BY_CODE = new XsType[TYPE_COUNT];
    static {
        for (XsType t : values()) BY_CODE[t.code] = t;
    }

    public final int code;

    XsType(int code) { this.code = code; }

    /** The type for a wire value, or null when the daemon must answer ENOSYS. */
    public static XsType fromCode(int code) {
        return code >= 0 && code < TYPE_COUNT ? BY_CODE[code] : null;
    }
}
