package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/** {@code <video><model type='cirrus' vram='16384' heads='1' primary='yes'/></video>}. */
@XmlType(propOrder = {"model", "alias", "address", "other"})
public class Video {
    @XmlAnyAttribute
    public Map<QName, String> otherAttributes = new LinkedHashMap<>();

    public Generic model;
    public Generic alias;
    public Address address;

    @XmlAnyElement(OrderedDomHandler.class)
    public List<Element> other = new ArrayList<>();
}
