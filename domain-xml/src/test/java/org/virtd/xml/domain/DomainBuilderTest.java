package org.virtd.xml.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.virtd.xml.DomainXml;

class DomainBuilderTest {
    @Test
    void buildsAndFormatsInLibvirtOrder() {
        Domain d = DomainBuilder.create("kvm", "web1").uuid("c7a5fdbd-edaf-9455-926a-d65c16db1809")
                .memoryKiB(1048576).vcpus(2).os("hvm", "x86_64", "q35").boot("hd")
                .fileDisk("/var/lib/libvirt/images/web1.qcow2", "vda", "virtio").network("default").build();
        String xml = DomainXml.format(d);
        assertEquals("""
                <domain type='kvm'>
                  <name>web1</name>
                  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <memory unit='KiB'>1048576</memory>
                  <currentMemory unit='KiB'>1048576</currentMemory>
                  <vcpu placement='static'>2</vcpu>
                  <os>
                    <type arch='x86_64' machine='q35'>hvm</type>
                    <boot dev='hd'/>
                  </os>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/var/lib/libvirt/images/web1.qcow2'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <interface type='network'>
                      <source network='default'/>
                    </interface>
                  </devices>
                </domain>
                """, xml);
        // What the builder made reads back to the same document.
        assertEquals(xml, DomainXml.format(DomainXml.parse(xml)));
    }
}
