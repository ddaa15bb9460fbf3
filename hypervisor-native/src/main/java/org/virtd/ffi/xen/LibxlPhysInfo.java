package org.virtd.ffi.xen;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** {@code libxl_physinfo} (128 bytes on x86_64). Memory in pages; capabilities as C {@code bool}s. */
public final class LibxlPhysInfo extends Struct {
    public final Unsigned32 threadsPerCore = new Unsigned32();
    public final Unsigned32 coresPerSocket = new Unsigned32();
    public final Unsigned32 maxCpuId = new Unsigned32();
    public final Unsigned32 nrCpus = new Unsigned32();
    public final Unsigned32 cpuKhz = new Unsigned32();
    public final Unsigned64 totalPages = new Unsigned64();
    public final Unsigned64 freePages = new Unsigned64();
    public final Unsigned64 scrubPages = new Unsigned64();
    public final Unsigned64 outstandingPages = new Unsigned64();
    public final Unsigned64 sharingFreedPages = new Unsigned64();
    public final Unsigned64 sharingUsedFrames = new Unsigned64();
    public final Unsigned64 maxPossibleMfn = new Unsigned64();
    public final Unsigned32 nrNodes = new Unsigned32();
    /** {@code libxl_hwcap}: uint32_t[8]. */
    public final Unsigned32[] hwCap = array(new Unsigned32[8]);
    public final Boolean capHvm = new Boolean();
    public final Boolean capPv = new Boolean();
    public final Boolean capHvmDirectio = new Boolean();
    public final Boolean capHap = new Boolean();
    public final Boolean capShadow = new Boolean();
    public final Boolean capIommuHapPtShare = new Boolean();
    public final Boolean capVmtrace = new Boolean();
    public final Boolean capVpmu = new Boolean();
    public final Boolean capGnttabV1 = new Boolean();
    public final Boolean capGnttabV2 = new Boolean();
    /** C pads the struct to its 8-byte alignment (128 bytes); jnr-ffi does not pad the tail, so say it here. */
    public final Unsigned8[] tailPadding = array(new Unsigned8[2]);

    public LibxlPhysInfo(Runtime runtime) {
        super(runtime);
    }
}
