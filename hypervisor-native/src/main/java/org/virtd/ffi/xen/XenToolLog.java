package org.virtd.ffi.xen;

import jnr.ffi.Pointer;

/**
 * libxentoollog ({@code xentoollog.h}): the logger libxenctrl and libxl write their messages to. A stdio logger
 * needs a {@code FILE *}, which {@link XenLibc#fdopen} provides.
 */
public interface XenToolLog {
    /** {@code minLevel}: an {@code xentoollog_level} ({@link XenLayout#XTL_WARN}); {@code flags}: XTL_STDIOSTREAM_*. */
    Pointer xtl_createlogger_stdiostream(Pointer file, int minLevel, int flags);

    void xtl_logger_destroy(Pointer logger);
}
