package org.virtd.driver.kvm.caps;

import java.util.List;

/**
 * What one QEMU binary offers, as its QMP monitor reports it: version, machine types (with the default and
 * aliases such as {@code pc} and {@code q35}), CPU models, and whether KVM is usable on this host.
 */
public record QemuCaps(String binary, int major, int minor, int micro, String packageVersion, String arch,
                       List<Machine> machines, List<String> cpuModels, boolean kvm) {

    public record Machine(String name, String alias, boolean isDefault, int maxCpus, boolean deprecated) {
        /** A machine QEMU does not call deprecated. */
        public Machine(String name, String alias, boolean isDefault, int maxCpus) {
            this(name, alias, isDefault, maxCpus, false);
        }
    }

    /** libvirt's version number: major * 1000000 + minor * 1000 + micro. */
    public long versionNumber() { return major * 1_000_000L + minor * 1_000L + micro; }

    /** The default machine's canonical name, or null. */
    public String defaultMachine() {
        for (Machine m : machines) if (m.isDefault()) return m.name();
        return null;
    }
}
