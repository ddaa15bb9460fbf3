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

/** {@code <shmem name='my_shmem0' role='master|peer'>}: an ivshmem shared memory region. */
@XmlType(propOrder = {"model", "size", "server", "msi", "boot", "alias", "address", "other"})
public class Shmem {
    @XmlAttribute
    public String name;

    @XmlAttribute
    public String role;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Model model;
    public ScaledInteger size;
    public Server server;
    public Msi msi;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <model type='ivshmem-plain|ivshmem-doorbell'/>}. */
    @XmlType(name = "shmemModel", propOrder = {"other"})
    public static class Model {
        @XmlAttribute
        public String type;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <server path='/tmp/socket-shmem'/>}. */
    @XmlType(name = "shmemServer", propOrder = {"other"})
    public static class Server {
        @XmlAttribute
        public String path;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <msi vectors='32' ioeventfd='on'/>}. */
    @XmlType(name = "shmemMsi", propOrder = {"other"})
    public static class Msi {
        @XmlAttribute
        public String vectors;

        @XmlAttribute
        public String ioeventfd;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
