package org.virtd.ffi.xen;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * libxenlight ({@code libxl.h}), the toolstack library libvirt's libxl driver and xl use. Calls return 0 or a
 * negative libxl error code ({@link XenErrors#libxlErrorName}). Every {@code aoHow} argument is passed as null,
 * which makes the operation synchronous: libxl then runs its own event loop until the operation has finished.
 * {@code libxl_domain_config} is treated as opaque memory of {@link XenLayout#LIBXL_DOMAIN_CONFIG_SIZE} bytes,
 * filled from JSON.
 */
public interface XenLight {
    /** {@code version} must be {@link XenLayout#LIBXL_VERSION}; {@code logger} from {@link XenToolLog}. */
    int libxl_ctx_alloc(PointerByReference ctx, int version, int flags, Pointer logger);

    int libxl_ctx_free(Pointer ctx);

    void libxl_domain_config_init(Pointer config);

    void libxl_domain_config_dispose(Pointer config);

    /** Parses libxl's own JSON form of {@code libxl_domain_config} (as {@code libxl_domain_config_to_json} writes). */
    int libxl_domain_config_from_json(Pointer ctx, Pointer config, String json);

    int libxl_domain_create_new(Pointer ctx, Pointer config, IntByReference domid, Pointer aoHow,
                                Pointer aopConsoleHow);

    int libxl_domain_destroy(Pointer ctx, int domid, Pointer aoHow);

    int libxl_domain_pause(Pointer ctx, int domid, Pointer aoHow);

    int libxl_domain_unpause(Pointer ctx, int domid, Pointer aoHow);

    /** Writes "poweroff" to the guest's {@code control/shutdown} (or sends an ACPI event to an HVM guest). */
    int libxl_domain_shutdown(Pointer ctx, int domid, Pointer aoHow);

    int libxl_domain_reboot(Pointer ctx, int domid, Pointer aoHow);

    /** {@code relative} and {@code enforce} are C booleans (0/1). */
    int libxl_set_memory_target(Pointer ctx, int domid, long targetMemKib, int relative, int enforce);

    int libxl_domain_setmaxmem(Pointer ctx, int domid, long maxMemKib);

    /** {@code cpumap} is a {@link LibxlBitmap}: bit i set means vCPU i online. */
    int libxl_set_vcpuonline(Pointer ctx, int domid, Pointer cpumap, Pointer aoHow);

    void libxl_physinfo_init(Pointer physinfo);

    void libxl_physinfo_dispose(Pointer physinfo);

    int libxl_get_physinfo(Pointer ctx, Pointer physinfo);

    void libxl_dominfo_init(Pointer info);

    void libxl_dominfo_dispose(Pointer info);

    /** One {@link LibxlDomInfo}; ERROR_DOMAIN_NOTFOUND when there is no such domain. */
    int libxl_domain_info(Pointer ctx, Pointer info, int domid);

    /** An array of {@link LibxlDomInfo} (free with {@link #libxl_dominfo_list_free}), null on failure. */
    Pointer libxl_list_domain(Pointer ctx, IntByReference count);

    void libxl_dominfo_list_free(Pointer list, int count);

    /** A {@link LibxlVersionInfo} owned by the context (not to be freed). */
    Pointer libxl_get_version_info(Pointer ctx);
}
