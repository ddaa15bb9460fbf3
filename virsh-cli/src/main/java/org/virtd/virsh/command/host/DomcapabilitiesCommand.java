package org.virtd.virsh.command.host;

import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domcapabilities [--virttype] [--emulatorbin] [--arch] [--machine]}: CONNECT_GET_DOMAIN_CAPABILITIES. */
@Command(name = "domcapabilities", header = "domain capabilities",
        description = "Returns capabilities of emulator with respect to host and libvirt.")
public final class DomcapabilitiesCommand implements VshCommand {
    @Option(names = "--virttype", paramLabel = OptionType.LABEL_STRING,
            description = "virtualization type (/domain/@type)")
    String virttype;

    @Option(names = "--emulatorbin", paramLabel = OptionType.LABEL_STRING,
            description = "path to emulator binary (/domain/devices/emulator)")
    String emulatorbin;

    @Option(names = "--arch", paramLabel = OptionType.LABEL_STRING,
            description = "domain architecture (/domain/os/type/@arch)")
    String arch;

    @Option(names = "--machine", paramLabel = OptionType.LABEL_STRING,
            description = "machine type (/domain/os/type/@machine)")
    String machine;

    @Override
    public boolean run(Virsh ctl) {
        String virt = ctl.optStringReq("virttype");
        String emulator = ctl.optStringReq("emulatorbin");
        String a = ctl.optStringReq("arch");
        String m = ctl.optStringReq("machine");
        String caps;
        try {
            caps = ctl.conn().getDomainCapabilities(emulator, a, m, virt, 0);
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get emulator capabilities");
        }
        ctl.print(caps + "\n");
        return true;
    }
}
