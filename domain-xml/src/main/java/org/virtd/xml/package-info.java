/**
 * The domain XML facade: {@link org.virtd.xml.DomainXml} parses (XXE-safe, with libvirt's parse-time checks) and
 * formats (libvirt's layout: two-space indentation, single-quoted attributes, libvirt's element order);
 * {@link org.virtd.xml.DomainDefaults} fills in what libvirt's post-parse step adds; failures are
 * {@link org.virtd.xml.DomainXmlException}s carrying libvirt's error code, error domain and message so a driver can
 * rethrow them unchanged.
 */
package org.virtd.xml;
