package org.virtd.virsh.command.domain;

import org.virtd.virsh.Virsh;

/** The {@code --mode} list of shutdown and reboot: acpi, agent, initctl, signal, paravirt (flag bits 1..16). */
final class ShutdownModes {
    private ShutdownModes() {
    }

    static int parse(Virsh ctl, String modes, String expecting) {
        int flags = 0;
        if (modes == null) {
            return 0;
        }
        for (String mode : modes.split(",", -1)) {
            flags |= switch (mode) {
                case "acpi" -> 1;
                case "agent" -> 2;
                case "initctl" -> 4;
                case "signal" -> 8;
                case "paravirt" -> 16;
                default -> throw ctl.fail("Unknown mode " + mode + " value, expecting " + expecting);
            };
        }
        return flags;
    }
}
