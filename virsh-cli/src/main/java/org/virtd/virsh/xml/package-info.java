/** Reading the XML that commands receive from libvirt (domain, capabilities) with XPath, as virsh does. */
package org.virtd.virsh.xml;
