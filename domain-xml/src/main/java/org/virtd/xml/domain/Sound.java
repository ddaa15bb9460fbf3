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

/** {@code <sound model='ich6'>} with its codecs and audio backend link. */
@XmlType(propOrder = {"codec", "audio", "boot", "alias", "address", "other"})
public class Sound {
    @XmlAttribute
    public String model;

    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlElement(name = "codec")
    public List<Codec> codec = new ArrayList<>();
    public Audio audio;
    public Generic boot;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** {@code <codec type='duplex|micro|output'/>}. */
    @XmlType(name = "soundCodec", propOrder = {"other"})
    public static class Codec {
        @XmlAttribute
        public String type;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <audio id='1'/>}: the {@code <audio>} backend this card plays through. */
    @XmlType(name = "soundAudio", propOrder = {"other"})
    public static class Audio {
        @XmlAttribute
        public String id;

        @XmlAnyAttribute
        public Map<QName, String> otherAttributes = new LinkedHashMap<>();

        @XmlAnyElement(OrderedDomHandler.class)
        public List<Element> other = new ArrayList<>();
    }
}
