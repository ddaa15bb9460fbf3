package org.virtd.virsh.command.domain;

import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.xml.XmlDoc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttyconsole DOMAIN}: the host device of the domain's console (its XML's {@code console/@tty}). */
@Command(name = "ttyconsole", header = "tty console", description = "Output the device for the TTY console.")
public final class TtyconsoleCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        XmlDoc xml = XmlDoc.ofDomain(ctl, ctl.commandOptDomain(), 0);
        String tty = xml.string("string(/domain/devices/console/@tty)");
        if (tty == null) {
            return false;
        }
        ctl.print(tty + "\n");
        return true;
    }
}
