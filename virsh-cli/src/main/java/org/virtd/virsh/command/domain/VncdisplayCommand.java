package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.xml.XmlDoc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vncdisplay DOMAIN}: the VNC display ({@code [address]:N}) of a running domain, from its XML. */
@Command(name = "vncdisplay", header = "vnc display", description = "Output the IP address and port number for the VNC display.")
public final class VncdisplayCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        boolean active;
        try {
            active = dom.isActive();
        } catch (VirException e) {
            active = true; // virsh tests the API's answer for zero only; an error lets it go on
        }
        if (!active) {
            throw ctl.fail("Domain is not running");
        }
        XmlDoc xml = XmlDoc.ofDomain(ctl, dom, 0);
        String portText = xml.string("string(/domain/devices/graphics[@type='vnc']/@port)");
        int port;
        try {
            port = Integer.parseInt(portText == null ? "" : portText.strip());
        } catch (NumberFormatException e) {
            throw ctl.fail("Failed to get VNC port. Is this domain using VNC?");
        }
        String listen = xml.string("string(/domain/devices/graphics[@type='vnc']/@listen)");
        if (listen == null) {
            listen = xml.string("string(/domain/devices/graphics[@type='vnc']/listen/@address)");
        }
        if (listen == null || listen.equals("0.0.0.0")) {
            ctl.print(":" + (port - 5900) + "\n");
        } else {
            ctl.print(listen + ":" + (port - 5900) + "\n");
        }
        return true;
    }
}
