package org.virtd.ffi.xen;

/**
 * Constants and opaque sizes of Xen 4.17 on x86_64 that the bindings pass or decode, from libxen-dev's headers
 * ({@code xenctrl.h}, {@code xen/domctl.h}, {@code xen/sysctl.h}, {@code xen/version.h}, {@code libxl.h},
 * {@code xentoollog.h}). {@code XenLayoutTest} checks each against the C compiler.
 */
public final class XenLayout {
    private XenLayout() {
    }

    /** {@code LIBXL_VERSION}: the only version {@code libxl_ctx_alloc} accepts. */
    public static final int LIBXL_VERSION = 0;

    /** {@code sizeof(libxl_domain_config)}: libxl fills it from JSON, Java never reads it. */
    public static final int LIBXL_DOMAIN_CONFIG_SIZE = 1288;

    /** xc_version commands. */
    public static final int XENVER_VERSION = 0;
    public static final int XENVER_EXTRAVERSION = 1;
    public static final int XENVER_CAPABILITIES = 3;
    /** {@code sizeof(xen_extraversion_t)} and {@code sizeof(xen_capabilities_info_t)}: NUL-padded buffers. */
    public static final int XEN_EXTRAVERSION_LEN = 16;
    public static final int XEN_CAPABILITIES_INFO_LEN = 1024;

    /** {@code XEN_DOMINF_*} bits of {@link XcDomainInfo#flags}; the shutdown code sits above them. */
    public static final int XEN_DOMINF_DYING = 1;
    public static final int XEN_DOMINF_HVM_GUEST = 1 << 1;
    public static final int XEN_DOMINF_SHUTDOWN = 1 << 2;
    public static final int XEN_DOMINF_PAUSED = 1 << 3;
    public static final int XEN_DOMINF_BLOCKED = 1 << 4;
    public static final int XEN_DOMINF_RUNNING = 1 << 5;
    public static final int XEN_DOMINF_SHUTDOWNSHIFT = 16;
    public static final int XEN_DOMINF_SHUTDOWNMASK = 255;

    /** {@code XEN_SYSCTL_PHYSCAP_hvm} in {@link XcPhysInfo#capabilities}. */
    public static final int XEN_SYSCTL_PHYSCAP_HVM = 1;

    /** {@code XC_PAGE_SHIFT}: Xen counts memory in 4 KiB pages on x86. */
    public static final int XC_PAGE_SHIFT = 12;

    /** {@code XTL_WARN}: warnings and worse reach the log. */
    public static final int XTL_WARN = 7;

    /** Xen's SHUTDOWN_* codes (public/sched.h) that the bindings' callers pass to xc_domain_shutdown. */
    public static final int SHUTDOWN_POWEROFF = 0;
    public static final int SHUTDOWN_REBOOT = 1;
}
