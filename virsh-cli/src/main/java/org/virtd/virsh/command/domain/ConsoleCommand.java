package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.DomainState;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.Flags;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.terminal.ConsoleSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code console DOMAIN [--devname NAME] [--force] [--safe]}: joins the terminal to the domain's console stream
 * until the escape character ({@code -e}, {@code ^]} by default) is typed or the stream ends.
 */
@Command(name = "console", header = "connect to the guest console",
        description = "Connect the virtual serial console for the guest")
public final class ConsoleCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--devname", paramLabel = OptionType.LABEL_STRING, description = "character device name")
    String devname;

    @Option(names = "--force", description = "force console connection (disconnect already connected sessions)")
    boolean force;

    @Option(names = "--safe", description = "only connect if safe console handling is supported")
    boolean safe;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String dev = ctl.optStringReq("devname");
        int flags = (force ? Flags.CONSOLE_FORCE : 0) | (safe ? Flags.CONSOLE_SAFE : 0);
        DomainStateInfo state;
        try {
            state = ctl.domainState(dom);
        } catch (VirException e) {
            throw ctl.fail(e, "Unable to get domain status");
        }
        if (state.state() == DomainState.SHUTOFF.wireValue()) {
            throw ctl.fail("The domain is not running");
        }
        if (!ctl.isStdinTerminal()) {
            throw ctl.fail("Cannot run interactive console without a controlling TTY");
        }
        String escape = ctl.escapeChar();
        ctl.printExtra("Connected to domain '" + dom.name() + "'\n");
        ctl.printExtra("Escape character is " + escape);
        if (escape.charAt(0) == '^') {
            ctl.printExtra(" (Ctrl + " + escape.charAt(1) + ")");
        }
        ctl.printExtra("\n");
        ctl.flush();
        try {
            ConsoleSession.run(dom, dev, flags, escapeByte(escape));
        } catch (VirException e) {
            ctl.saveError(e);
            return false;
        }
        return true;
    }

    /** virsh's escape byte: {@code ^X} is the control character of X (upper-cased), anything else itself. */
    static int escapeByte(String escape) {
        if (escape.charAt(0) == '^') {
            return Character.toUpperCase(escape.charAt(1)) ^ 0x40;
        }
        return escape.charAt(0);
    }
}
