package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** {@code <video><model type='cirrus' vram='16384' heads='1' primary='yes'/></video>}. */
@XmlType(propOrder = {"model", "alias", "address", "other"})
public class Video {
    public Generic model;
    public Generic alias;
    public Address address;

    @XmlAnyElement
    public List<Element> other = new ArrayList<>();
}
