package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * {@code <graphics type='vnc|spice|sdl|...'>} with its listens. The typed attributes are declared in the order
 * libvirt writes them for VNC and SPICE; the others follow in {@link #otherAttributes}.
 */
@XmlType(propOrder = {"listen", "other"})
public class Graphics {
    @XmlAttribute
    public String type;

    /** VNC's older spelling of a socket listen. */
    @XmlAttribute
    public String socket;

    @XmlAttribute
    public String port;

    /** SPICE only. */
    @XmlAttribute
    public String tlsPort;

    @XmlAttribute
    public String autoport;

    /** VNC only. */
    @XmlAttribute
    public String websocket;

    @XmlAttribute(name = "listen")
    public String listenAddress;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "listen")
    public List<Generic> listen = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
