package org.virtd.ffi.xen;

/**
 * Names for the two kinds of failure the Xen libraries report: errno values (libxenctrl; Xen's public
 * {@code errno.h} uses Linux's numbers on x86) and libxl's negative {@code ERROR_*} codes
 * ({@code libxl_error} in {@code _libxl_types.h}).
 */
public final class XenErrors {
    private XenErrors() {
    }

    // Index = errno value; null where Xen defines no name the driver needs.
    private static final String[] ERRNO = new String[134];

    static {
        String[][] table = {
                {"1", "EPERM"}, {"2", "ENOENT"}, {"3", "ESRCH"}, {"4", "EINTR"}, {"5", "EIO"}, {"6", "ENXIO"},
                {"7", "E2BIG"}, {"8", "ENOEXEC"}, {"9", "EBADF"}, {"10", "ECHILD"}, {"11", "EAGAIN"},
                {"12", "ENOMEM"}, {"13", "EACCES"}, {"14", "EFAULT"}, {"16", "EBUSY"}, {"17", "EEXIST"},
                {"18", "EXDEV"}, {"19", "ENODEV"}, {"20", "ENOTDIR"}, {"21", "EISDIR"}, {"22", "EINVAL"},
                {"23", "ENFILE"}, {"24", "EMFILE"}, {"25", "ENOTTY"}, {"27", "EFBIG"}, {"28", "ENOSPC"},
                {"30", "EROFS"}, {"31", "EMLINK"}, {"32", "EPIPE"}, {"33", "EDOM"}, {"34", "ERANGE"},
                {"35", "EDEADLK"}, {"36", "ENAMETOOLONG"}, {"37", "ENOLCK"}, {"38", "ENOSYS"},
                {"39", "ENOTEMPTY"}, {"40", "ELOOP"}, {"61", "ENODATA"}, {"62", "ETIME"}, {"71", "EPROTO"},
                {"74", "EBADMSG"}, {"75", "EOVERFLOW"}, {"79", "ELIBACC"}, {"84", "EILSEQ"}, {"85", "ERESTART"},
                {"88", "ENOTSOCK"}, {"90", "EMSGSIZE"},
                {"95", "EOPNOTSUPP"}, {"98", "EADDRINUSE"}, {"99", "EADDRNOTAVAIL"}, {"105", "ENOBUFS"},
                {"106", "EISCONN"}, {"107", "ENOTCONN"}, {"110", "ETIMEDOUT"}, {"111", "ECONNREFUSED"},
        };
        for (String[] e : table) ERRNO[Integer.parseInt(e[0])] = e[1];
    }

    /** "ENOMEM" for 12; "errno N" for a value without a name. */
    public static String errnoName(int errno) {
        String name = errno > 0 && errno < ERRNO.length ? ERRNO[errno] : null;
        return name != null ? name : "errno " + errno;
    }

    private static final String[] LIBXL = {
            null, "ERROR_NONSPECIFIC", "ERROR_VERSION", "ERROR_FAIL", "ERROR_NI", "ERROR_NOMEM", "ERROR_INVAL",
            "ERROR_BADFAIL", "ERROR_GUEST_TIMEDOUT", "ERROR_TIMEDOUT", "ERROR_NOPARAVIRT", "ERROR_NOT_READY",
            "ERROR_OSEVENT_REG_FAIL", "ERROR_BUFFERFULL", "ERROR_UNKNOWN_CHILD", "ERROR_LOCK_FAIL",
            "ERROR_JSON_CONFIG_EMPTY", "ERROR_DEVICE_EXISTS", "ERROR_CHECKPOINT_DEVOPS_DOES_NOT_MATCH",
            "ERROR_CHECKPOINT_DEVICE_NOT_SUPPORTED", "ERROR_VNUMA_CONFIG_INVALID", "ERROR_DOMAIN_NOTFOUND",
            "ERROR_ABORTED", "ERROR_NOTFOUND", "ERROR_DOMAIN_DESTROYED", "ERROR_FEATURE_REMOVED",
            "ERROR_PROTOCOL_ERROR_QMP", "ERROR_UNKNOWN_QMP_ERROR", "ERROR_QMP_GENERIC_ERROR",
            "ERROR_QMP_COMMAND_NOT_FOUND", "ERROR_QMP_DEVICE_NOT_ACTIVE", "ERROR_QMP_DEVICE_NOT_FOUND",
            "ERROR_QEMU_API",
    };

    /** "ERROR_DOMAIN_NOTFOUND" for -21; "libxl error N" for a code 4.17 does not define. */
    public static String libxlErrorName(int code) {
        int i = -code;
        return i > 0 && i < LIBXL.length ? LIBXL[i] : "libxl error " + code;
    }

    /**
     * The errno name a libxl code stands for, where it has one (ERROR_NOMEM is ENOMEM, ERROR_DOMAIN_NOTFOUND is
     * ESRCH, ...), so that both libraries' failures reach the driver in one vocabulary; null for codes such as
     * ERROR_FAIL that say only that something below failed.
     */
    public static String libxlErrnoEquivalent(int code) {
        return switch (code) {
            case -4 -> "ENOSYS";          // ERROR_NI
            case -5 -> "ENOMEM";          // ERROR_NOMEM
            case -6 -> "EINVAL";          // ERROR_INVAL
            case -8, -9 -> "ETIMEDOUT";   // ERROR_GUEST_TIMEDOUT, ERROR_TIMEDOUT
            case -10 -> "EOPNOTSUPP";     // ERROR_NOPARAVIRT
            case -15 -> "EBUSY";          // ERROR_LOCK_FAIL
            case -17 -> "EEXIST";         // ERROR_DEVICE_EXISTS
            case -21, -24 -> "ESRCH";     // ERROR_DOMAIN_NOTFOUND, ERROR_DOMAIN_DESTROYED
            case -23 -> "ENOENT";         // ERROR_NOTFOUND
            default -> null;
        };
    }
}
