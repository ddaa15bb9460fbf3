package org.virtd.driver.xen.hv;

/**
 * Xen's version triple and its capabilities string (e.g. {@code xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_64}),
 * from which guest types are derived.
 */
public record XenVersion(int major, int minor, String extra, String capabilities) {
    /** libvirt's version number for Xen: major * 1000000 + minor * 1000 + the leading number of extra. */
    public long asLibvirtNumber() {
        int micro = 0;
        String e = extra.startsWith(".") ? extra.substring(1) : extra;
        for (int i = 0; i < e.length() && Character.isDigit(e.charAt(i)); i++) micro = micro * 10 + (e.charAt(i) - '0');
        return major * 1_000_000L + minor * 1_000L + micro;
    }
}
