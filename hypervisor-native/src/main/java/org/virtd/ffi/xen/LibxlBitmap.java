package org.virtd.ffi.xen;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** {@code libxl_bitmap} (16 bytes on x86_64): {@code size} bytes of bits at {@code map}, bit i in byte i / 8. */
public final class LibxlBitmap extends Struct {
    public final Unsigned32 size = new Unsigned32();
    public final Pointer map = new Pointer();

    public LibxlBitmap(Runtime runtime) {
        super(runtime);
    }
}
