package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * 
 * {@code <metadata>}: applications' own elements, each in its own namespace. libvirt keeps them whole and does not
 * look inside, so they stay DOM elements here.
 */
public class Metadata {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();

    /** The first element in namespace {@code uri}, or null (libvirt allows one per namespace). */
    public Element element(String uri) {
        for (Element e : other) {
            if (uri.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }
}
