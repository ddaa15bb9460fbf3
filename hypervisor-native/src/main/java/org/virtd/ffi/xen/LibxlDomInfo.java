package org.virtd.ffi.xen;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * {@code libxl_dominfo} (120 bytes on x86_64), as {@code libxl_domain_info} and {@code libxl_list_domain} fill
 * it. Memory in KiB. {@code ssidLabel} is owned by libxl: release with {@code libxl_dominfo_dispose} or
 * {@code libxl_dominfo_list_free}.
 */
public final class LibxlDomInfo extends Struct {
    /** {@code libxl_uuid}: 16 bytes. */
    public final Unsigned8[] uuid = array(new Unsigned8[16]);
    public final Unsigned32 domid = new Unsigned32();
    public final Unsigned32 ssidref = new Unsigned32();
    public final Pointer ssidLabel = new Pointer();
    public final Boolean running = new Boolean();
    public final Boolean blocked = new Boolean();
    public final Boolean paused = new Boolean();
    public final Boolean shutdown = new Boolean();
    public final Boolean dying = new Boolean();
    public final Boolean neverStop = new Boolean();
    /** {@code libxl_shutdown_reason}: Xen's SHUTDOWN_* code, -1 when unknown. */
    public final Signed32 shutdownReason = new Signed32();
    public final Unsigned64 outstandingMemkb = new Unsigned64();
    public final Unsigned64 currentMemkb = new Unsigned64();
    public final Unsigned64 sharedMemkb = new Unsigned64();
    public final Unsigned64 pagedMemkb = new Unsigned64();
    public final Unsigned64 maxMemkb = new Unsigned64();
    public final Unsigned64 cpuTime = new Unsigned64();
    public final Unsigned32 vcpuMaxId = new Unsigned32();
    public final Unsigned32 vcpuOnline = new Unsigned32();
    public final Unsigned32 cpupool = new Unsigned32();
    public final Unsigned8 gpaddrBits = new Unsigned8();
    /** {@code libxl_domain_type}: 1 HVM, 2 PV, 3 PVH. */
    public final Signed32 domainType = new Signed32();
    /**
     * C pads the struct to its 8-byte alignment (120 bytes); jnr-ffi does not pad the tail, and the element
     * stride of {@code libxl_list_domain}'s array is the C size.
     */
    public final Unsigned32 tailPadding = new Unsigned32();

    public LibxlDomInfo(Runtime runtime) {
        super(runtime);
    }
}
