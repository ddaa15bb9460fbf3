package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * 
 * {@code <sysinfo type='smbios|fwcfg'>}: SMBIOS tables (bios, system, baseBoard, chassis, oemStrings blocks of
 * entries) or, for fwcfg, entries directly.
 */
@XmlType(propOrder = {"bios", "system", "baseBoard", "chassis", "oemStrings", "entry", "other"})
public class Sysinfo {
    @XmlAttribute
    public String type;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Block bios;
    public Block system;
    @XmlElement(name = "baseBoard")
    public List<Block> baseBoard = new ArrayList<>();
    public Block chassis;
    public Block oemStrings;
    /** fwcfg entries ({@code <entry name='opt/com.example/name' file='...'/>}). */
    @XmlElement(name = "entry")
    public List<Entry> entry = new ArrayList<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** A table of entries ({@code <system><entry name='manufacturer'>Fedora</entry></system>}). */
    @XmlType(name = "sysinfoBlock", propOrder = {"entry", "other"})
    public static class Block {
        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlElement(name = "entry")
        public List<Entry> entry = new ArrayList<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();

        /** The text of the entry named {@code name}, or null. */
        public String value(String name) {
            for (Entry e : entry) {
                if (name.equals(e.name)) {
                    return e.value;
                }
            }
            return null;
        }
    }

    /** {@code <entry name='vendor'>LENOVO</entry>}; oemStrings entries have no name, fwcfg ones may name a file. */
    @XmlType(name = "sysinfoEntry")
    public static class Entry {
        @XmlAttribute
        public String name;

        @XmlAttribute
        public String file;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlValue
        public String value;
    }
}
