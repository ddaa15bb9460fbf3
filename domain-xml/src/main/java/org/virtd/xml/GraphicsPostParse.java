package org.virtd.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Graphics;

/**
 * What libvirt 9.0 makes of a VNC or SPICE {@code <graphics>}: the listen list (the {@code listen} and {@code socket}
 * attributes are older spellings of the first listen), port and autoport as its parser settles them, and the
 * attributes its formatter writes, in its order. The result is the model as libvirt would format it.
 */
final class GraphicsPostParse {
    /** Attributes written after the typed ones, in libvirt's order per graphics type. */
    private static final List<String> VNC_TAIL = List.of("keymap", "sharePolicy", "powerControl", "passwd",
            "passwdValidTo", "connected");
    private static final List<String> SPICE_TAIL = List.of("keymap", "defaultMode", "passwd", "passwdValidTo",
            "connected");

    private GraphicsPostParse() {
    }

    /**
     * @param inactive libvirt's PARSE_INACTIVE (define, and the test driver's create): an automatic port is not
     *        remembered
     */
    static void apply(Graphics g, boolean inactive) {
        boolean vnc = "vnc".equals(g.type);
        boolean spice = "spice".equals(g.type);
        if (!vnc && !spice) {
            return;
        }
        listens(g, vnc, inactive);
        Generic first = g.listen.get(0);
        String listenType = first.attribute("type");
        boolean network = "address".equals(listenType) || "network".equals(listenType);
        if (vnc) {
            int port = 0;
            boolean autoport;
            if (g.port != null) {
                port = parseInt(g.port, "cannot parse vnc port " + g.port);
                autoport = false;
                if (port == -1) {
                    if (inactive) {
                        port = 0;
                    }
                    autoport = true;
                }
            } else {
                autoport = true;
            }
            if (g.autoport != null) {
                autoport = parseYesNo(g.autoport, autoport);
                if (autoport && inactive) {
                    port = 0;
                }
            }
            g.socket = "socket".equals(listenType) ? first.attribute("socket") : null;
            if (network) {
                // An automatic port shows as -1 in every form (genericxml2xml's live parse of port='5900'
                // autoport='yes' gives -1 as well).
                g.port = autoport ? "-1" : port != 0 ? Integer.toString(port) : null;
                g.autoport = autoport ? "yes" : "no";
            } else {
                g.port = null;
                g.autoport = null;
                g.websocket = null;
            }
        } else {
            int port = g.port == null ? 0 : parseInt(g.port, null);
            int tlsPort = g.tlsPort == null ? 0 : parseInt(g.tlsPort, null);
            boolean autoport = "yes".equals(g.autoport);
            if (port == -1 && tlsPort == -1) {
                autoport = true;
            }
            if (autoport && inactive) {
                port = 0;
                tlsPort = 0;
            }
            // Without any port and without autoport SPICE listens nowhere: libvirt says so with a 'none' listen.
            if ("address".equals(listenType) && port == 0 && tlsPort == 0 && !autoport) {
                first.attributes.clear();
                first.attribute("type", "none");
                listenType = "none";
                network = false;
            }
            g.socket = null;
            if (network) {
                g.port = port != 0 ? Integer.toString(port) : null;
                g.tlsPort = tlsPort != 0 ? Integer.toString(tlsPort) : null;
                g.autoport = autoport ? "yes" : "no";
            } else {
                g.port = null;
                g.tlsPort = null;
                g.autoport = null;
            }
        }
        g.listenAddress = network && !("network".equals(listenType) && inactive) ? first.attribute("address") : null;
        reorderTail(g, vnc ? VNC_TAIL : SPICE_TAIL);
    }

    private static void listens(Graphics g, boolean vnc, boolean inactive) {
        String addressCompat = g.listenAddress;
        String socketCompat = vnc ? g.socket : null;
        List<Generic> parsed = new ArrayList<>();
        for (int i = 0; i < g.listen.size(); i++) {
            Generic in = g.listen.get(i);
            String type = in.attribute("type");
            String address = in.attribute("address");
            String network = in.attribute("network");
            String socket = in.attribute("socket");
            if (type == null) {
                throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                        "Missing required attribute 'type' in element 'listen'");
            }
            if (i == 0 && "address".equals(type)) {
                if (address != null && addressCompat != null && !address.equals(addressCompat)) {
                    throw unsupported("graphics 'listen' attribute '" + addressCompat + "' must match 'address' "
                            + "attribute of first listen element (found '" + address + "')");
                }
                if (address == null) {
                    address = addressCompat;
                }
            }
            if (i == 0 && "socket".equals(type)) {
                if (socket != null && socketCompat != null && !socket.equals(socketCompat)) {
                    throw unsupported("graphics 'socket' attribute '" + socketCompat + "' must match 'socket' "
                            + "attribute of first listen element (found '" + socket + "')");
                }
                if (socket == null) {
                    socket = socketCompat;
                }
            }
            Generic out = new Generic().attribute("type", type);
            if (address != null && !address.isEmpty()
                    && ("address".equals(type) || ("network".equals(type) && !inactive))) {
                out.attribute("address", address);
            }
            if (network != null && !network.isEmpty()) {
                if (!"network".equals(type)) {
                    throw xmlError("'network' attribute is valid only for listen type 'network'");
                }
                out.attribute("network", network);
            }
            if (socket != null && !socket.isEmpty()) {
                if (!"socket".equals(type)) {
                    throw xmlError("'socket' attribute is valid only for listen type 'socket'");
                }
                out.attribute("socket", socket);
            }
            parsed.add(out);
        }
        Generic compat;
        if (socketCompat != null) {
            compat = new Generic().attribute("type", "socket").attribute("socket", socketCompat);
        } else {
            compat = new Generic().attribute("type", "address");
            if (addressCompat != null && !addressCompat.isEmpty()) {
                compat.attribute("address", addressCompat);
            }
        }
        if (parsed.isEmpty()) {
            parsed.add(compat);
        } else if (socketCompat != null) {
            String firstType = parsed.get(0).attribute("type");
            if ("address".equals(firstType) || "network".equals(firstType)) {
                parsed.set(0, compat);
            }
        }
        for (Generic l : parsed) {
            if ("network".equals(l.attribute("type")) && l.attribute("network") == null) {
                throw xmlError("'network' attribute is required for listen type 'network'");
            }
        }
        g.listen.clear();
        g.listen.addAll(parsed);
    }

    private static void reorderTail(Graphics g, List<String> order) {
        Map<QName, String> sorted = new LinkedHashMap<>();
        for (String name : order) {
            String v = g.otherAttributes.get(new QName(name));
            if (v != null) {
                sorted.put(new QName(name), v);
            }
        }
        g.otherAttributes.remove(new QName("socket"));
        g.otherAttributes.remove(new QName("tlsPort"));
        g.otherAttributes.remove(new QName("websocket"));
        for (Map.Entry<QName, String> e : g.otherAttributes.entrySet()) {
            sorted.putIfAbsent(e.getKey(), e.getValue());
        }
        g.otherAttributes.clear();
        g.otherAttributes.putAll(sorted);
    }

    private static int parseInt(String s, String message) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new DomainXmlException(message == null ? DomainXmlException.XML_ERROR
                    : DomainXmlException.INTERNAL_ERROR, DomainXmlException.FROM_DOMAIN,
                    message == null ? "Invalid value for attribute in element 'graphics': '" + s + "'" : message);
        }
    }

    private static boolean parseYesNo(String s, boolean fallback) {
        return switch (s) {
            case "yes" -> true;
            case "no" -> false;
            default -> fallback;
        };
    }

    private static DomainXmlException unsupported(String message) {
        return new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                message);
    }

    private static DomainXmlException xmlError(String message) {
        return new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN, message);
    }
}
