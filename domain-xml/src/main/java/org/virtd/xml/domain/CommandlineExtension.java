package org.virtd.xml.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Typed access to the hypervisor namespaces' extra command lines: {@code <qemu:commandline>} (arguments and
 * environment, namespace {@value #QEMU_NS}) and {@code <xen:commandline>} (arguments, {@value #XEN_NS}).
 *
 * <p>These elements live in {@link Domain#other} exactly as read, so a round trip stays lossless; this class
 * reads them into values and writes values back as those elements (replacing any existing one).
 *
 * @param namespace {@value #QEMU_NS} or {@value #XEN_NS}
 * @param args the {@code <arg value=''/>} values, in order
 * @param env the {@code <env name='' value=''/>} pairs (QEMU only), in order
 */
public record CommandlineExtension(String namespace, List<String> args, List<Env> env) {
    public static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    public static final String XEN_NS = "http://libvirt.org/schemas/domain/xen/1.0";

    /** One environment variable; {@code value} null writes {@code <qemu:env name='X'/>}. */
    public record Env(String name, String value) {
    }

    public CommandlineExtension {
        if (!QEMU_NS.equals(namespace) && !XEN_NS.equals(namespace)) {
            throw new IllegalArgumentException("namespace: " + namespace + " (expected: " + QEMU_NS + " or " + XEN_NS
                    + ")");
        }
        if (XEN_NS.equals(namespace) && !env.isEmpty()) {
            throw new IllegalArgumentException("env: " + env + " (expected: none; xen:commandline has arguments only)");
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
    }

    public static CommandlineExtension qemu(List<String> args, List<Env> env) {
        return new CommandlineExtension(QEMU_NS, args, env);
    }

    public static CommandlineExtension xen(List<String> args) {
        return new CommandlineExtension(XEN_NS, args, List.of());
    }

    /** The {@code <commandline>} of {@code namespace} in {@code d}, if it has one. */
    public static Optional<CommandlineExtension> of(Domain d, String namespace) {
        Element e = find(d, namespace);
        if (e == null) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>();
        List<Env> env = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && namespace.equals(c.getNamespaceURI())) {
                if ("arg".equals(c.getLocalName())) {
                    args.add(c.getAttribute("value"));
                } else if ("env".equals(c.getLocalName())) {
                    env.add(new Env(c.getAttribute("name"), c.hasAttribute("value") ? c.getAttribute("value") : null));
                }
            }
        }
        return Optional.of(new CommandlineExtension(namespace, args, env));
    }

    /** Writes this command line into {@code d}, replacing the namespace's existing one, where libvirt puts it. */
    public void writeTo(Domain d) {
        Element old = find(d, namespace);
        String prefix = QEMU_NS.equals(namespace) ? "qemu" : "xen";
        Document doc = old != null ? old.getOwnerDocument() : newDocument();
        Element cl = doc.createElementNS(namespace, prefix + ":commandline");
        for (String a : args) {
            Element arg = doc.createElementNS(namespace, prefix + ":arg");
            arg.setAttribute("value", a);
            cl.appendChild(arg);
        }
        for (Env v : env) {
            Element e = doc.createElementNS(namespace, prefix + ":env");
            e.setAttribute("name", v.name());
            if (v.value() != null) {
                e.setAttribute("value", v.value());
            }
            cl.appendChild(e);
        }
        if (old != null) {
            d.other.set(d.other.indexOf(old), cl);
        } else {
            d.other.add(cl);
        }
    }

    private static Element find(Domain d, String namespace) {
        for (Element e : d.other) {
            if (namespace.equals(e.getNamespaceURI()) && "commandline".equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no DOM implementation", e);
        }
    }
}
