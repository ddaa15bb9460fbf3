package org.virtd.driver.kvm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running domain's status file ({@code <run>/qemu/<name>.xml}), libvirt's {@code <domstatus>} layout reduced to
 * what re-attaching needs: state and reason, QEMU's pid, the monitor socket, whether the guest itself asked to
 * power off, and the live definition.
 */
record DomainStatus(String state, int reason, long pid, String monitor, boolean guestShutdown, String domainXml) {
    private static final Pattern HEAD = Pattern.compile(
            "<domstatus state='([a-z]+)' reason='(\\d+)' pid='(\\d+)'( guestShutdown='yes')?>\\s*"
                    + "<monitor path='([^']*)' type='unix'/>", Pattern.DOTALL);

    String format() {
        return "<domstatus state='" + state + "' reason='" + reason + "' pid='" + pid + "'"
                + (guestShutdown ? " guestShutdown='yes'" : "") + ">\n"
                + "  <monitor path='" + escape(monitor) + "' type='unix'/>\n"
                + domainXml.strip().indent(2)
                + "</domstatus>\n";
    }

    /** Reads a status file; null when it is not one (the caller logs and skips it). */
    static DomainStatus parse(String text) {
        Matcher m = HEAD.matcher(text);
        int from = text.indexOf("<domain");
        int to = text.lastIndexOf("</domain>");
        if (!m.find() || from < 0 || to < from) return null;
        return new DomainStatus(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                unescape(m.group(5)), m.group(4) != null, text.substring(from, to + "</domain>".length()));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&apos;", "'").replace("&amp;", "&");
    }
}
