package org.virtd.ffi.xen;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** {@code libxl_version_info} (96 bytes on x86_64); its strings belong to the libxl context. */
public final class LibxlVersionInfo extends Struct {
    public final Signed32 xenVersionMajor = new Signed32();
    public final Signed32 xenVersionMinor = new Signed32();
    public final Pointer xenVersionExtra = new Pointer();
    public final Pointer compiler = new Pointer();
    public final Pointer compileBy = new Pointer();
    public final Pointer compileDomain = new Pointer();
    public final Pointer compileDate = new Pointer();
    public final Pointer capabilities = new Pointer();
    public final Pointer changeset = new Pointer();
    public final Unsigned64 virtStart = new Unsigned64();
    public final Signed32 pagesize = new Signed32();
    public final Pointer commandline = new Pointer();
    public final Pointer buildId = new Pointer();

    public LibxlVersionInfo(Runtime runtime) {
        super(runtime);
    }
}
