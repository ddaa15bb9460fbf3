/**
 * JAXB model of libvirt's domain XML. Classes are named after the elements they bind ({@link
 * org.virtd.xml.domain.Domain}, {@link org.virtd.xml.domain.Disk}, ...). Field order is libvirt's output order,
 * because the facade formats attributes and children in declaration order. Everything not modelled yet is kept
 * in {@code other} / {@code otherAttributes} (or a {@link org.virtd.xml.domain.Generic} element) so a round trip
 * loses nothing.
 */
@XmlAccessorType(XmlAccessType.FIELD)
package org.virtd.xml.domain;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
