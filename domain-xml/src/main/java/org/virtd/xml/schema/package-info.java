/**
 * Relax NG validation of libvirt XML documents: {@link org.virtd.xml.schema.DomainSchema} validates domain XML
 * against libvirt's {@code domain.rng} as {@code virsh define --validate} asks for, with libvirt's error;
 * {@link org.virtd.xml.schema.RelaxNgSchema} is the compiled, shareable schema underneath (Jing, offline only);
 * {@link org.virtd.xml.schema.VirtXmlValidate} is the {@code bin/virt-xml-validate} command.
 */
package org.virtd.xml.schema;
