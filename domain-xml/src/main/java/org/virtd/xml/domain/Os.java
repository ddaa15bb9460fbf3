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

/** {@code <os>}: guest type, firmware, direct kernel boot and boot order, in libvirt's order. */
@XmlType(propOrder = {"type", "loader", "nvram", "kernel", "initrd", "cmdline", "dtb", "init", "boot", "bootmenu",
        "smbios", "bios", "other"})
public class Os {
    @XmlAttribute
    public String firmware;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public OsType type;
    public Loader loader;
    public Nvram nvram;
    public String kernel;
    public String initrd;
    public String cmdline;
    public String dtb;
    public String init;

    @XmlElement(name = "boot")
    public List<Boot> boot = new ArrayList<>();

    public Bootmenu bootmenu;
    public Smbios smbios;
    public Bios bios;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
