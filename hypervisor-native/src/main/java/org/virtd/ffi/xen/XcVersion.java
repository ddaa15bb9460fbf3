package org.virtd.ffi.xen;

/** What {@code xc_version} reports: XENVER_version split into major and minor, extraversion, capabilities. */
public record XcVersion(int major, int minor, String extra, String capabilities) {}
