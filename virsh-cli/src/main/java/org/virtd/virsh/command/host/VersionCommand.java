package org.virtd.virsh.command.host;

import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code version [--daemon]}: the library versions are this virsh's own (9.0.0, no call on the wire), then the
 * driver type and hypervisor version from the connection.
 */
@Command(name = "version", header = "show version", description = "Display the system version information.")
public final class VersionCommand implements VshCommand {
    private static final long LIBRARY = 9_000_000L;

    @Option(names = "--daemon", description = "report daemon version too")
    boolean daemon;

    private static String dotted(long v) {
        return (v / 1_000_000) + "." + (v % 1_000_000 / 1000) + "." + (v % 1000);
    }

    @Override
    public boolean run(Virsh ctl) {
        String type;
        try {
            type = ctl.conn().getType();
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get hypervisor type");
        }
        ctl.print("Compiled against library: libvirt " + dotted(LIBRARY) + "\n");
        ctl.print("Using library: libvirt " + dotted(LIBRARY) + "\n");
        ctl.print("Using API: " + type + " " + dotted(LIBRARY) + "\n");
        long hv;
        try {
            hv = ctl.conn().getVersion();
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get the hypervisor version");
        }
        if (hv == 0) {
            ctl.print("Cannot extract running " + type + " hypervisor version\n");
        } else {
            ctl.print("Running hypervisor: " + type + " " + dotted(hv) + "\n");
        }
        if (daemon) {
            try {
                ctl.print("Running against daemon: " + dotted(ctl.conn().getLibVersion()) + "\n");
            } catch (VirException e) {
                ctl.saveError(e);
                ctl.error("failed to get the daemon version");
            }
        }
        return true;
    }
}
