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
 * {@code <filesystem type='mount|block|file|template|ram|bind|volume' accessmode='passthrough'>}: a host
 * directory or image shared with the guest (virtiofs, 9p, container mounts).
 */
@XmlType(propOrder = {"driver", "binary", "source", "target", "readonly", "spaceHardLimit", "spaceSoftLimit", "boot",
        "alias", "address", "other"})
public class Filesystem {
    @XmlAttribute
    public String type;

    @XmlAttribute
    public String accessmode;

    @XmlAttribute
    public String model;

    @XmlAttribute
    public String multidevs;

    @XmlAttribute
    public String fmode;

    @XmlAttribute
    public String dmode;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Generic driver;
    public Generic binary;
    public Source source;
    public Target target;
    public Generic readonly;
    @XmlElement(name = "space_hard_limit")
    public ScaledInteger spaceHardLimit;
    @XmlElement(name = "space_soft_limit")
    public ScaledInteger spaceSoftLimit;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /**
     * {@code <source dir='/export'/>}, {@code file=}, {@code dev=}, {@code name=} (template),
     * {@code usage= units=} (ram), {@code socket=} (external virtiofsd) or {@code pool= volume=}.
     */
    @XmlType(name = "filesystemSource", propOrder = {"other"})
    public static class Source {
        @XmlAttribute
        public String dir;

        @XmlAttribute
        public String file;

        @XmlAttribute
        public String dev;

        @XmlAttribute
        public String name;

        @XmlAttribute
        public String usage;

        @XmlAttribute
        public String units;

        @XmlAttribute
        public String socket;

        @XmlAttribute
        public String pool;

        @XmlAttribute
        public String volume;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <target dir='mount_tag'/>}. */
    @XmlType(name = "filesystemTarget", propOrder = {"other"})
    public static class Target {
        @XmlAttribute
        public String dir;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
