package org.virtd.xml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;

/**
 * libvirt 9.0's generic post-parse and validation of a domain definition; see {@link DomainDefaults#applyGeneric}.
 * The common defaults are {@link DomainDefaults#apply}'s; this adds the device rules its test-driver use did not
 * need (VNC sockets and auto ports, character device source modes and protocols, their required attributes).
 */
final class GenericPostParse {
    private GenericPostParse() {
    }

    static void apply(Domain d, boolean live) {
        // Only drivers that declare support for it (none of the generic parser's) allow a slash in the name.
        if (d.name != null && d.name.indexOf('/') >= 0) {
            throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                    "name " + d.name + " cannot contain '/'");
        }
        DomainDefaults.apply(d, "x86_64", !live);
        List<List<Chardev>> kinds = List.of(d.devices.serial, d.devices.parallel, d.devices.console,
                d.devices.channel);
        for (List<Chardev> kind : kinds) {
            for (Chardev c : kind) {
                chardev(c, kind == d.devices.channel);
            }
        }
    }

    private static void chardev(Chardev c, boolean channel) {
        Generic src = c.source.isEmpty() ? null : c.source.get(0);
        switch (c.type == null ? "" : c.type) {
            case "tcp" -> {
                if (src == null || src.attribute("host") == null) {
                    throw internal("Missing source host attribute for char device");
                }
                if (src.attribute("service") == null) {
                    throw internal("Missing source service attribute for char device");
                }
                modeFirst(src);
                if (c.protocol == null) {
                    c.protocol = new Generic().attribute("type", "raw");
                }
            }
            case "udp" -> {
                if (c.source.stream().noneMatch(s -> !"bind".equals(s.attribute("mode"))
                        && s.attribute("service") != null)) {
                    throw internal("Missing source service attribute for char device");
                }
                for (Generic s : c.source) {
                    modeFirst(s);
                }
                // libvirt writes the connect side first, then the bind side.
                c.source.sort((a, b) -> Boolean.compare("bind".equals(a.attribute("mode")),
                        "bind".equals(b.attribute("mode"))));
            }
            case "unix" -> {
                boolean pathOptional = channel && c.target != null
                        && ("xen".equals(c.target.type) || "virtio".equals(c.target.type));
                if ((src == null || src.attribute("path") == null) && !pathOptional) {
                    throw internal("Missing source path attribute for char device");
                }
                if (src != null && src.attribute("path") != null) {
                    modeFirst(src);
                }
            }
            case "file", "dev", "pipe" -> {
                if (src == null || src.attribute("path") == null) {
                    throw internal("Missing source path attribute for char device");
                }
            }
            default -> {
            }
        }
    }

    /** libvirt writes {@code mode} first and defaults it to connect. */
    private static void modeFirst(Generic src) {
        Map<QName, String> attrs = new LinkedHashMap<>();
        String mode = src.attribute("mode");
        attrs.put(new QName("mode"), mode == null ? "connect" : mode);
        for (Map.Entry<QName, String> e : src.attributes.entrySet()) {
            if (!e.getKey().equals(new QName("mode"))) {
                attrs.put(e.getKey(), e.getValue());
            }
        }
        src.attributes.clear();
        src.attributes.putAll(attrs);
    }

    private static DomainXmlException internal(String message) {
        return new DomainXmlException(DomainXmlException.INTERNAL_ERROR, DomainXmlException.FROM_DOMAIN, message);
    }
}
