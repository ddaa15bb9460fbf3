package org.virtd.virsh.command.host;

import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;

/** {@code uri}: the connection's canonical URI (answered by the client library, no call on the wire). */
@Command(name = "uri", header = "print the hypervisor canonical URI", description = "")
public final class UriCommand implements VshCommand {
    @Override
    public boolean run(Virsh ctl) {
        String uri;
        try {
            uri = ctl.conn().getUri();
        } catch (VirException e) {
            throw ctl.fail(e, "failed to get URI");
        }
        ctl.print(uri + "\n");
        return true;
    }
}
