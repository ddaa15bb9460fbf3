package org.virtd.virsh.command.domain;

import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domxml-from-native FORMAT CONFIG}: the driver converts a native configuration file to domain XML. */
@Command(name = "domxml-from-native", header = "Convert native config to domain XML",
        description = "Convert native guest configuration format to domain XML format.")
public final class DomxmlFromNativeCommand implements VshCommand {
    @Option(names = "--format", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "source config data format")
    String format;

    @Option(names = "--config", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "config data file to import from")
    String config;

    @Override
    public boolean run(Virsh ctl) {
        String fmt = ctl.optStringReq("format");
        String file = ctl.optStringReq("config");
        String data = XmlFiles.read(ctl, file);
        ctl.print(ctl.conn().domainXmlFromNative(fmt, data, 0));
        return true;
    }
}
