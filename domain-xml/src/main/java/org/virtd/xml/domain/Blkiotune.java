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

/** {@code <blkiotune>}: block I/O weight of the guest and per-device weights and throttles. */
@XmlType(propOrder = {"weight", "device", "other"})
public class Blkiotune {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public String weight;
    @XmlElement(name = "device")
    public List<Device> device = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <device><path>/dev/sda</path><weight>500</weight>...</device>}. */
    @XmlType(name = "blkiotuneDevice", propOrder = {"path", "weight", "readIopsSec", "writeIopsSec", "readBytesSec",
            "writeBytesSec", "other"})
    public static class Device {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        public String path;
        public String weight;
        @XmlElement(name = "read_iops_sec")
        public String readIopsSec;
        @XmlElement(name = "write_iops_sec")
        public String writeIopsSec;
        @XmlElement(name = "read_bytes_sec")
        public String readBytesSec;
        @XmlElement(name = "write_bytes_sec")
        public String writeBytesSec;

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
