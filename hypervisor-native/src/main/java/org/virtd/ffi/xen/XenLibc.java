package org.virtd.ffi.xen;

import jnr.ffi.Pointer;

/**
 * The few C library calls the Xen bindings need: a {@code FILE *} for the toollog logger, errno texts, and
 * {@code dlopen}/{@code dlsym} so that {@link XenLibraries#missingSymbols()} can name every symbol a binding
 * expects but the installed library lacks (jnr-ffi itself reports only the first, and only when it is called).
 */
public interface XenLibc {
    int RTLD_LAZY = 0x0001;

    Pointer fdopen(int fd, String mode);

    String strerror(int errnum);

    Pointer dlopen(String file, int mode);

    Pointer dlsym(Pointer handle, String symbol);

    int dlclose(Pointer handle);
}
