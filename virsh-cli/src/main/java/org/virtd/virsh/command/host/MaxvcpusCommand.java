package org.virtd.virsh.command.host;

import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.xml.XmlDoc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maxvcpus [--type TYPE]}: the domain capabilities' vCPU maximum when the driver has them, else
 * virConnectGetMaxVcpus, as virsh asks.
 */
@Command(name = "maxvcpus", header = "connection vcpu maximum",
        description = "Show maximum number of virtual CPUs for guests on this connection.")
public final class MaxvcpusCommand implements VshCommand {
    @Option(names = "--type", paramLabel = OptionType.LABEL_STRING, description = "domain type")
    String type;

    @Override
    public boolean run(Virsh ctl) {
        String virtType = ctl.optStringReq("type");
        int vcpus = -1;
        try {
            String caps = ctl.conn().getDomainCapabilities(null, null, null, virtType, 0);
            XmlDoc xml = XmlDoc.parse(caps);
            if (xml == null) {
                return false;
            }
            String max = xml.string("string(./vcpu[1]/@max)");
            if (max != null) {
                try {
                    vcpus = Integer.parseInt(max.strip());
                } catch (NumberFormatException e) {
                    vcpus = -1;
                }
            }
        } catch (VirException e) {
            ctl.resetError();
        }
        if (vcpus < 0) {
            vcpus = ctl.conn().getMaxVcpus(virtType);
        }
        ctl.print(vcpus + "\n");
        return true;
    }
}
