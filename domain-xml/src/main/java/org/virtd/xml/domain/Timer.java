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

/** {@code <clock><timer name='rtc' tickpolicy='catchup' track='guest'>}, optionally with catch-up limits. */
@XmlType(propOrder = {"catchup", "other"})
public class Timer {
    @XmlAttribute
    public String name;

    @XmlAttribute
    public String present;

    @XmlAttribute
    public String tickpolicy;

    @XmlAttribute
    public String track;

    @XmlAttribute
    public String frequency;

    @XmlAttribute
    public String mode;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Catchup catchup;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    public Timer() {
    }

    public Timer(String name) {
        this.name = name;
    }

    /** {@code <catchup threshold='123' slew='120' limit='10000'/>}. */
    @XmlType(name = "timerCatchup", propOrder = {"other"})
    public static class Catchup {
        @XmlAttribute
        public String threshold;

        @XmlAttribute
        public String slew;

        @XmlAttribute
        public String limit;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
