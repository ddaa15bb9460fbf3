package org.virtd.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.virtd.xml.domain.Address;
import org.virtd.xml.domain.Chardev;
import org.virtd.xml.domain.Controller;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Generic;
import org.virtd.xml.domain.Redirdev;
import org.virtd.xml.domain.Rng;
import org.virtd.xml.domain.Smartcard;
import org.w3c.dom.Element;

/**
 * libvirt 9.0's generic post-parse and validation of a domain definition; see {@link DomainDefaults#applyGeneric}.
 * The common defaults are {@link DomainDefaults#apply}'s; this adds the rules its test-driver use did not need:
 * controller index assignment, character device sources of every device that has one ({@link ChrSourcePostParse}),
 * smartcard CCID addresses and controllers, and cputune's per-thread and resctrl parts ({@link CputunePostParse}).
 */
final class GenericPostParse {
    private GenericPostParse() {
    }

    static void apply(Domain d, boolean live) {
        apply(d, live, "x86_64");
    }

    static void apply(Domain d, boolean live, String defaultArch) {
        // Only drivers that declare support for it (none of the generic parser's) allow a slash in the name.
        if (d.name != null && d.name.indexOf('/') >= 0) {
            throw new DomainXmlException(DomainXmlException.XML_ERROR, DomainXmlException.FROM_DOMAIN,
                    "name " + d.name + " cannot contain '/'");
        }
        // libvirt formats a definition without a domain id as inactive, whatever the caller asked for.
        boolean formatInactive = !live || d.id == null;
        if (d.devices != null) {
            controllerIndexes(d.devices.controller);
        }
        DomainDefaults.apply(d, defaultArch, !live);
        CputunePostParse.apply(d, !live, formatInactive);
        for (List<Chardev> kind : List.of(d.devices.serial, d.devices.parallel, d.devices.console,
                d.devices.channel)) {
            for (Chardev c : kind) {
                boolean pathOptional = kind == d.devices.channel && c.target != null
                        && ("xen".equals(c.target.type) || "virtio".equals(c.target.type));
                ChrSourcePostParse.Result r = ChrSourcePostParse.apply(c.type, sources(c.source),
                        protocol(c.protocol), pathOptional, live, formatInactive);
                if (r != null) {
                    c.source = generics(r.sources());
                    c.protocol = r.protocol() == null ? null : new Generic().attribute("type", r.protocol());
                }
                ptyTty(c, formatInactive);
            }
        }
        smartcards(d, live, formatInactive);
        for (Redirdev rd : d.devices.redirdev) {
            if ("usb".equals(rd.bus) && !hasUsb(d)) {
                throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                        "cannot add redirected USB device: USB is disabled for this domain");
            }
            ChrSourcePostParse.Result r = ChrSourcePostParse.apply(rd.type, sources(rd.source),
                    protocol(rd.protocol), false, live, formatInactive);
            if (r != null) {
                rd.source = generics(r.sources());
                rd.protocol = r.protocol() == null ? null : new Generic().attribute("type", r.protocol());
            }
        }
        for (Rng rng : d.devices.rng) {
            rngBackend(rng.backend, live, formatInactive);
        }
    }

    private static final javax.xml.namespace.QName TTY = new javax.xml.namespace.QName("tty");

    /**
     * libvirt never reads a chardev's {@code tty} attribute: it writes it, for a live pty, from the pty's source
     * path. So one given in the input goes, and a live pty with a path shows it again.
     */
    private static void ptyTty(Chardev c, boolean formatInactive) {
        c.otherAttributes.remove(TTY);
        if (!formatInactive && "pty".equals(c.type) && !c.source.isEmpty() && c.source.get(0).attribute("path") != null) {
            c.otherAttributes.put(TTY, c.source.get(0).attribute("path"));
        }
    }

    private static final Set<String> USB2_MODELS = Set.of("ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3");

    /**
     * Controllers without an index get one as libvirt assigns them: the lowest unused index of their type, except
     * that a USB2 companion right after another USB2 controller joins that controller's index when its model is not
     * there yet.
     */
    private static void controllerIndexes(List<Controller> controllers) {
        for (int outer = 0; outer < controllers.size(); outer++) {
            Controller c = controllers.get(outer);
            if (c.index != null) {
                continue;
            }
            Controller prev = null;
            if (outer > 0 && "usb".equals(c.type) && c.model != null && USB2_MODELS.contains(c.model)) {
                for (int p = outer - 1; p >= 0; p--) {
                    if ("usb".equals(controllers.get(p).type)) {
                        prev = controllers.get(p);
                        break;
                    }
                }
                if (prev != null && (prev.model == null || !USB2_MODELS.contains(prev.model) || prev.index == null)) {
                    prev = null;
                }
                if (prev != null) {
                    for (Controller other : controllers) {
                        if ("usb".equals(other.type) && prev.index.equals(other.index)
                                && java.util.Objects.equals(other.model, c.model)) {
                            prev = null;
                            break;
                        }
                    }
                }
            }
            if (prev != null) {
                c.index = prev.index;
            } else {
                int idx = 0;
                while (hasController(controllers, c.type, idx)) {
                    idx++;
                }
                c.index = Integer.toString(idx);
            }
        }
    }

    private static boolean hasController(List<Controller> controllers, String type, int idx) {
        for (Controller c : controllers) {
            if (java.util.Objects.equals(type, c.type) && c.index != null) {
                try {
                    if (Integer.parseInt(c.index.strip()) == idx) {
                        return true;
                    }
                } catch (NumberFormatException e) {
                    // Not a number: not this index.
                }
            }
        }
        return false;
    }

    private static boolean hasUsb(Domain d) {
        for (Controller c : d.devices.controller) {
            if ("usb".equals(c.type) && !"none".equals(c.model)) {
                return true;
            }
        }
        return false;
    }

    /** Passthrough sources, the CCID address each smartcard gets and the CCID controllers they name. */
    private static void smartcards(Domain d, boolean live, boolean formatInactive) {
        for (Smartcard s : d.devices.smartcard) {
            if (s.address != null && !"ccid".equals(s.address.type)) {
                throw new DomainXmlException(DomainXmlException.CONFIG_UNSUPPORTED, DomainXmlException.FROM_DOMAIN,
                        "Controllers must use the 'ccid' address type");
            }
            if ("passthrough".equals(s.mode)) {
                ChrSourcePostParse.Result r = ChrSourcePostParse.apply(s.type, sources(s.source),
                        protocol(s.protocol), false, live, formatInactive);
                if (r != null) {
                    s.source = generics(r.sources());
                    s.protocol = r.protocol() == null ? null : new Generic().attribute("type", r.protocol());
                }
            }
        }
        for (Smartcard s : d.devices.smartcard) {
            int controller = 0;
            if (s.address != null) {
                controller = number(s.address.controller);
            } else {
                int max = -1;
                for (Smartcard o : d.devices.smartcard) {
                    if (o.address != null && "ccid".equals(o.address.type) && number(o.address.controller) == 0) {
                        max = Math.max(max, number(o.address.slot));
                    }
                }
                s.address = new Address();
                s.address.type = "ccid";
                s.address.controller = "0";
                s.address.slot = Integer.toString(max + 1);
            }
            if (!hasController(d.devices.controller, "ccid", controller)) {
                d.devices.controller.add(new Controller("ccid", controller));
            }
        }
    }

    private static int number(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The egd backend's character device: its source and protocol elements rewritten, the rest kept. */
    private static void rngBackend(Rng.Backend b, boolean live, boolean formatInactive) {
        if (b == null || !"egd".equals(b.model)) {
            return;
        }
        List<ChrSourcePostParse.Source> in = new ArrayList<>();
        for (Element e : b.elements("source")) {
            in.add(ChrSourcePostParse.of(e));
        }
        List<Element> protocols = b.elements("protocol");
        String protocol = protocols.isEmpty() || !protocols.get(0).hasAttribute("type") ? null
                : protocols.get(0).getAttribute("type");
        ChrSourcePostParse.Result r = ChrSourcePostParse.apply(b.type, in, protocol, false, live, formatInactive);
        if (r == null) {
            return;
        }
        org.w3c.dom.Document doc = null;
        for (Object o : b.content) {
            if (o instanceof Element e) {
                doc = e.getOwnerDocument();
                break;
            }
        }
        if (doc == null) {
            doc = newDocument();
        }
        List<Object> rest = new ArrayList<>();
        for (Object o : b.content) {
            if (o instanceof Element e && ("source".equals(e.getLocalName()) || "protocol".equals(e.getLocalName()))) {
                continue;
            }
            rest.add(o);
        }
        List<Object> content = new ArrayList<>();
        for (ChrSourcePostParse.Source s : r.sources()) {
            content.add(ChrSourcePostParse.toElement(s, doc));
        }
        if (r.protocol() != null) {
            Element p = doc.createElementNS(null, "protocol");
            p.setAttribute("type", r.protocol());
            p.setUserData(org.virtd.xml.domain.OrderedDomHandler.ATTRIBUTE_ORDER, List.of("type"), null);
            content.add(p);
        }
        content.addAll(rest);
        b.content.clear();
        b.content.addAll(content);
    }

    private static org.w3c.dom.Document newDocument() {
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ChrSourcePostParse.Source> sources(List<Generic> in) {
        List<ChrSourcePostParse.Source> out = new ArrayList<>();
        for (Generic g : in) {
            out.add(ChrSourcePostParse.of(g));
        }
        return out;
    }

    private static List<Generic> generics(List<ChrSourcePostParse.Source> in) {
        List<Generic> out = new ArrayList<>();
        for (ChrSourcePostParse.Source s : in) {
            out.add(ChrSourcePostParse.toGeneric(s));
        }
        return out;
    }

    private static String protocol(Generic p) {
        return p == null ? null : p.attribute("type");
    }
}
