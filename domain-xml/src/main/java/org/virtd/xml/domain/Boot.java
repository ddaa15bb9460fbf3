package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <boot dev='hd'/>} inside {@code <os>}. */
public class Boot {
    @XmlAttribute
    public String dev;

    public Boot() {
    }

    public Boot(String dev) {
        this.dev = dev;
    }
}
