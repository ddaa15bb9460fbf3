package org.virtd.driver.xen.sxp;

import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Generic;

/**
 * xend's one-string character device syntax ("pty", "file:/path", "tcp:host:port,server,nowait",
 * "udp:chost:cport@bhost:bport", "unix:/path,server,nowait", a bare device path) in both directions.
 */
final class Chr {
    private Chr() {
    }

    /** The xend string for a serial, parallel or console device. */
    static String format(Chardev c) throws SxprException {
        String type = c.type != null ? c.type : "pty";
        switch (type) {
            case "null", "stdio", "vc", "pty" -> {
                return type;
            }
            case "file", "pipe" -> {
                return type + ":" + SexprPrinter.escape(nz(attr(c, null, "path")));
            }
            case "dev" -> {
                return SexprPrinter.escape(nz(attr(c, null, "path")));
            }
            case "tcp" -> {
                boolean telnet = c.protocol != null && "telnet".equals(c.protocol.attribute("type"));
                Generic s = c.source.isEmpty() ? null : c.source.get(0);
                boolean listen = s != null && "bind".equals(s.attribute("mode"));
                return (telnet ? "telnet" : "tcp") + ":" + nz(s == null ? null : s.attribute("host")) + ":"
                        + nz(s == null ? null : s.attribute("service")) + (listen ? ",server,nowait" : "");
            }
            case "udp" -> {
                Generic connect = source(c, "connect");
                Generic bind = source(c, "bind");
                if (connect == null && bind == null && !c.source.isEmpty()) {
                    connect = c.source.get(0);
                }
                return "udp:" + nz(connect == null ? null : connect.attribute("host")) + ":"
                        + nz(connect == null ? null : connect.attribute("service")) + "@"
                        + nz(bind == null ? null : bind.attribute("host")) + ":"
                        + nz(bind == null ? null : bind.attribute("service"));
            }
            case "unix" -> {
                Generic s = c.source.isEmpty() ? null : c.source.get(0);
                boolean listen = s != null && "bind".equals(s.attribute("mode"));
                return "unix:" + SexprPrinter.escape(nz(s == null ? null : s.attribute("path")))
                        + (listen ? ",server,nowait" : "");
            }
            default -> throw new SxprException("unsupported chr device type '" + type + "'");
        }
    }

    /**
     * The XML of a character device element {@code element} from xend's string (libvirt 4.5.0's layout of the
     * type attribute, sources, protocol; the caller adds the target).
     */
    static String parse(String value, String element, String targetXml) throws SxprException {
        String type;
        String rest = value;
        boolean telnet = false;
        if (value.startsWith("/")) {
            type = "dev";
        } else {
            int colon = value.indexOf(':');
            String prefix = colon >= 0 ? value.substring(0, colon) : value;
            rest = colon >= 0 ? value.substring(colon + 1) : value;
            if (prefix.startsWith("telnet")) {
                type = "tcp";
                telnet = true;
            } else {
                type = switch (prefix) {
                    case "null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp", "unix", "spicevmc",
                            "spiceport", "nmdm" -> prefix;
                    default -> throw new SxprException("unknown chr device type '" + prefix + "'");
                };
            }
        }
        StringBuilder x = new StringBuilder();
        x.append('<').append(element).append(" type='").append(type).append("'>");
        switch (type) {
            case "dev", "file", "pipe" -> x.append("<source path='").append(Xml.attr(rest)).append("'/>");
            case "tcp" -> {
                int colon = rest.indexOf(':');
                if (colon < 0) {
                    throw new SxprException("malformed char device string");
                }
                String host = rest.substring(0, colon);
                int comma = rest.indexOf(',', colon);
                String service = comma >= 0 ? rest.substring(colon + 1, comma) : rest.substring(colon + 1);
                boolean listen = comma >= 0 && rest.substring(comma).contains(",server");
                network(x, listen ? "bind" : "connect", host, service);
                x.append("<protocol type='").append(telnet ? "telnet" : "raw").append("'/>");
            }
            case "udp" -> {
                int colon = rest.indexOf(':');
                if (colon < 0) {
                    throw new SxprException("malformed char device string");
                }
                String chost = rest.substring(0, colon);
                int at = rest.indexOf('@', colon);
                String cservice;
                String bhost = "";
                String bservice = null;
                if (at >= 0) {
                    cservice = rest.substring(colon + 1, at);
                    int colon3 = rest.indexOf(':', at);
                    if (colon3 < 0) {
                        throw new SxprException("malformed char device string");
                    }
                    bhost = rest.substring(at + 1, colon3);
                    bservice = rest.substring(colon3 + 1);
                } else {
                    cservice = rest.substring(colon + 1);
                }
                if (bservice != null) {
                    network(x, "bind", bhost, bservice);
                }
                network(x, "connect", chost, cservice);
            }
            case "unix" -> {
                int comma = rest.indexOf(',');
                String path = comma >= 0 ? rest.substring(0, comma) : rest;
                boolean listen = comma >= 0 && rest.substring(comma).contains(",server");
                x.append("<source mode='").append(listen ? "bind" : "connect").append("' path='")
                        .append(Xml.attr(path)).append("'/>");
            }
            default -> {
                // pty (no tty known offline), null, stdio, vc: no source
            }
        }
        x.append(targetXml).append("</").append(element).append('>');
        return x.toString();
    }

    /** A network source; libvirt 4.5.0 left out an empty host. */
    private static void network(StringBuilder x, String mode, String host, String service) {
        x.append("<source mode='").append(mode).append('\'');
        if (!host.isEmpty()) {
            x.append(" host='").append(Xml.attr(host)).append('\'');
        }
        x.append(" service='").append(Xml.attr(service)).append("'/>");
    }

    private static Generic source(Chardev c, String mode) {
        for (Generic g : c.source) {
            if (mode.equals(g.attribute("mode"))) {
                return g;
            }
        }
        return null;
    }

    private static String attr(Chardev c, String mode, String name) {
        for (Generic g : c.source) {
            if (mode == null || mode.equals(g.attribute("mode"))) {
                String v = g.attribute(name);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
