package org.virtd.bench.xml;

/** The documents the XML benchmark reads. */
final class DomainDocuments {
    private DomainDocuments() {
    }

    /** The {@code test} domain of libvirt's test driver ({@code test:///default}), as its dumpxml shows it. */
    static String small() {
        return """
                <domain type='test' id='1'>
                  <name>test</name>
                  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                  <memory unit='KiB'>8388608</memory>
                  <currentMemory unit='KiB'>2097152</currentMemory>
                  <vcpu placement='static'>2</vcpu>
                  <os>
                    <type arch='i686'>hvm</type>
                    <boot dev='hd'/>
                  </os>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/guest/diskimage1'/>
                      <target dev='vda' bus='virtio'/>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>
                    </disk>
                    <interface type='network'>
                      <mac address='aa:bb:cc:dd:ee:ff'/>
                      <source network='default'/>
                      <target dev='testnet0'/>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                    </interface>
                    <memballoon model='virtio'>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
                    </memballoon>
                  </devices>
                </domain>
                """;
    }

    /**
     * A domain with {@code count} devices, a realistic mix cycled in order: file and block disks, network and bridge
     * interfaces, serial and console ports, each with explicit addresses and targets.
     */
    static String withDevices(int count) {
        StringBuilder s = new StringBuilder("""
                <domain type='test'>
                  <name>devices</name>
                  <uuid>2f5a8c1e-3b4d-4e6a-9b8c-7d6e5f4a3b2c</uuid>
                  <memory unit='KiB'>4194304</memory>
                  <currentMemory unit='KiB'>4194304</currentMemory>
                  <vcpu placement='static'>4</vcpu>
                  <os>
                    <type arch='x86_64'>hvm</type>
                    <boot dev='hd'/>
                  </os>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                """);
        for (int i = 0; i < count; i++) {
            int slot = 1 + i % 30;
            int bus = 1 + i / 30;
            String pci = String.format("<address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x0'/>",
                    bus, slot);
            switch (i % 6) {
                case 0 -> s.append(String.format("""
                            <disk type='file' device='disk'>
                              <driver name='qemu' type='qcow2'/>
                              <source file='/var/lib/libvirt/images/disk%d.qcow2'/>
                              <target dev='vd%s' bus='virtio'/>
                              %s
                            </disk>
                        """, i, diskSuffix(i), pci));
                case 1 -> s.append(String.format("""
                            <disk type='block' device='disk'>
                              <source dev='/dev/vg0/lv%d'/>
                              <target dev='sd%s' bus='scsi'/>
                            </disk>
                        """, i, diskSuffix(i)));
                case 2 -> s.append(String.format("""
                            <interface type='network'>
                              <mac address='52:54:00:00:%02x:%02x'/>
                              <source network='default'/>
                              <model type='virtio'/>
                              %s
                            </interface>
                        """, i / 256, i % 256, pci));
                case 3 -> s.append(String.format("""
                            <interface type='bridge'>
                              <mac address='52:54:00:01:%02x:%02x'/>
                              <source bridge='br%d'/>
                              <model type='e1000'/>
                            </interface>
                        """, i / 256, i % 256, i));
                case 4 -> s.append(String.format("""
                            <serial type='pty'>
                              <target port='%d'/>
                            </serial>
                        """, i));
                default -> s.append(String.format("""
                            <console type='pty'>
                              <target type='virtio' port='%d'/>
                            </console>
                        """, i));
            }
        }
        return s.append("  </devices>\n</domain>\n").toString();
    }

    /** vda..vdz, vdaa..: libvirt's disk name suffixes. */
    private static String diskSuffix(int i) {
        StringBuilder b = new StringBuilder();
        int n = i;
        do {
            b.insert(0, (char) ('a' + n % 26));
            n = n / 26 - 1;
        } while (n >= 0);
        return b.toString();
    }
}
