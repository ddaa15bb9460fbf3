package org.virtd.driver.spi.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.jspecify.annotations.Nullable;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/** libvirt's system errors (virReportSystemError) from Java I/O failures, for every driver. */
public final class SystemErrors {
    private SystemErrors() {}

    /**
     * libvirt's system error: the message, ": ", and the C library's text for the failure, with the errno in
     * int1. A short read has no errno of its own; libvirt then reports errno 0 ("Success").
     */
    public static VirException of(VirErrorDomain from, @Nullable IOException e, String message) {
        String full = message + ": " + strerror(e);
        return new VirException(VirErrorCode.SYSTEM_ERROR.wireValue(), from.wireValue(), full,
                VirException.LEVEL_ERROR, "%s", full, null, errno(e), -1);
    }

    private static int errno(@Nullable IOException e) {
        return switch (strerror(e)) {
            case "Success" -> 0;
            case "No such file or directory" -> 2;
            case "Input/output error" -> 5;
            case "Permission denied" -> 13;
            case "File exists" -> 17;
            case "Not a directory" -> 20;
            case "Is a directory" -> 21;
            case "No space left on device" -> 28;
            case "Read-only file system" -> 30;
            default -> 5;
        };
    }

    /** The C library's text for the failure (strerror). */
    public static String strerror(@Nullable IOException e) {
        if (e == null) {
            return "Success";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        if (m != null && m.endsWith("Is a directory")) {
            return "Is a directory";
        }
        return m == null ? "Input/output error" : m;
    }
}
