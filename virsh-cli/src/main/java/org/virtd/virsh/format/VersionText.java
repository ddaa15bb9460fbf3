package org.virtd.virsh.format;

import org.virtd.virsh.CommandDef;
import org.virtd.virsh.CommandRegistry;

/** The texts of {@code virsh -h}, {@code -v} and {@code -V}, as Debian's virsh 9.0 prints them. */
public final class VersionText {
    /** The libvirt release this virsh reports being. */
    public static final String SHORT = "9.0.0";

    private VersionText() {
    }

    /**
     * {@code -V}: the build's feature list is the one of Debian's libvirt 9.0 packages, so scripts that look for a
     * driver name see the same answer.
     */
    public static String longVersion() {
        return "Virsh command line tool of libvirt " + SHORT + "\n"
                + "See web site at https://libvirt.org/\n\n"
                + "Compiled with support for:\n"
                + " Hypervisors: QEMU/KVM LXC LibXL OpenVZ VMware VirtualBox ESX Test\n"
                + " Networking: Remote Network Bridging Interface udev Nwfilter\n"
                + " Storage: Dir Disk Filesystem SCSI Multipath iSCSI iSCSI-direct LVM RBD Gluster ZFS\n"
                + " Miscellaneous: Daemon Nodedev AppArmor SELinux Secrets Debug DTrace Readline\n";
    }

    /** {@code -h}: the options, then every group with its commands. */
    public static String usage(CommandRegistry registry) {
        StringBuilder b = new StringBuilder();
        b.append("\nvirsh [options]... [<command_string>]\n")
                .append("virsh [options]... <command> [args...]\n\n")
                .append("  options:\n")
                .append("    -c | --connect=URI      hypervisor connection URI\n")
                .append("    -d | --debug=NUM        debug level [0-4]\n")
                .append("    -e | --escape <char>    set escape sequence for console\n")
                .append("    -h | --help             this help\n")
                .append("    -k | --keepalive-interval=NUM\n")
                .append("                            keepalive interval in seconds, 0 for disable\n")
                .append("    -K | --keepalive-count=NUM\n")
                .append("                            number of possible missed keepalive messages\n")
                .append("    -l | --log=FILE         output logging to file\n")
                .append("    -q | --quiet            quiet mode\n")
                .append("    -r | --readonly         connect readonly\n")
                .append("    -t | --timing           print timing information\n")
                .append("    -v                      short version\n")
                .append("    -V                      long version\n")
                .append("         --version[=TYPE]   version, TYPE is short or long (default short)\n")
                .append("  commands (non interactive mode):\n\n");
        for (CommandRegistry.Group g : registry.groups()) {
            b.append(' ').append(g.name()).append(" (help keyword '").append(g.keyword()).append("')\n");
            for (CommandDef c : g.commands()) {
                b.append(HelpFormatter.commandLine(c));
            }
            b.append('\n');
        }
        b.append("\n  (specify help <group> for details about the commands in the group)\n");
        b.append("\n  (specify help <command> for details about the command)\n\n");
        return b.toString();
    }
}
