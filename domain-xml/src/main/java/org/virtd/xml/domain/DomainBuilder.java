package org.virtd.xml.domain;

/**
 * Fluent construction of the common parts of a definition (name, uuid, memory, vcpus, os, disks, interfaces);
 * everything else is set on the {@link Domain} fields directly. The result is formatted in libvirt's order.
 *
 * <pre>{@code
 * Domain d = DomainBuilder.create("kvm", "web1").memoryKiB(1048576).vcpus(2).os("hvm", "x86_64", "q35")
 *         .boot("hd").fileDisk("/var/lib/libvirt/images/web1.qcow2", "vda", "virtio").network("default").build();
 * }</pre>
 */
public final class DomainBuilder {
    private final Domain d = new Domain();

    private DomainBuilder(String type, String name) {
        d.type = type;
        d.name = name;
    }

    public static DomainBuilder create(String type, String name) {
        return new DomainBuilder(type, name);
    }

    public DomainBuilder uuid(String uuid) {
        d.uuid = uuid;
        return this;
    }

    public DomainBuilder title(String title) {
        d.title = title;
        return this;
    }

    public DomainBuilder description(String description) {
        d.description = description;
        return this;
    }

    /** Maximum and current memory, in KiB. */
    public DomainBuilder memoryKiB(long kib) {
        d.memory = ScaledInteger.kib(kib);
        d.currentMemory = ScaledInteger.kib(kib);
        return this;
    }

    public DomainBuilder currentMemoryKiB(long kib) {
        d.currentMemory = ScaledInteger.kib(kib);
        return this;
    }

    public DomainBuilder vcpus(int count) {
        d.vcpu = new Vcpu();
        d.vcpu.placement = "static";
        d.vcpu.count = Integer.toString(count);
        return this;
    }

    /** {@code <os><type arch machine>osType</type></os>}; arch and machine may be null. */
    public DomainBuilder os(String osType, String arch, String machine) {
        os().type = new OsType();
        d.os.type.value = osType;
        d.os.type.arch = arch;
        d.os.type.machine = machine;
        return this;
    }

    public DomainBuilder boot(String dev) {
        os().boot.add(new Boot(dev));
        return this;
    }

    public DomainBuilder kernel(String kernel, String initrd, String cmdline) {
        os().kernel = kernel;
        d.os.initrd = initrd;
        d.os.cmdline = cmdline;
        return this;
    }

    public DomainBuilder emulator(String path) {
        devices().emulator = path;
        return this;
    }

    /** A file-backed disk: {@code <disk type='file' device='disk'>} with source file and target dev/bus. */
    public DomainBuilder fileDisk(String file, String targetDev, String bus) {
        Disk disk = new Disk();
        disk.type = "file";
        disk.device = "disk";
        disk.source = new DiskSource();
        disk.source.file = file;
        disk.target = new DiskTarget();
        disk.target.dev = targetDev;
        disk.target.bus = bus;
        devices().disk.add(disk);
        return this;
    }

    public DomainBuilder disk(Disk disk) {
        devices().disk.add(disk);
        return this;
    }

    /** {@code <interface type='network'><source network='..'/></interface>}. */
    public DomainBuilder network(String network) {
        Interface i = new Interface();
        i.type = "network";
        i.source = new InterfaceSource();
        i.source.network = network;
        devices().interfaces.add(i);
        return this;
    }

    /** {@code <interface type='bridge'><source bridge='..'/></interface>}. */
    public DomainBuilder bridge(String bridge) {
        Interface i = new Interface();
        i.type = "bridge";
        i.source = new InterfaceSource();
        i.source.bridge = bridge;
        devices().interfaces.add(i);
        return this;
    }

    public DomainBuilder onPoweroff(String action) {
        d.onPoweroff = action;
        return this;
    }

    public DomainBuilder onReboot(String action) {
        d.onReboot = action;
        return this;
    }

    public DomainBuilder onCrash(String action) {
        d.onCrash = action;
        return this;
    }

    public Domain build() {
        return d;
    }

    private Os os() {
        if (d.os == null) {
            d.os = new Os();
        }
        return d.os;
    }

    private Devices devices() {
        if (d.devices == null) {
            d.devices = new Devices();
        }
        return d.devices;
    }
}
