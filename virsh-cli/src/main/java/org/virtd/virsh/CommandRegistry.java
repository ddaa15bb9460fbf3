package org.virtd.virsh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.virtd.virsh.command.domain.AutostartCommand;
import org.virtd.virsh.command.domain.ConsoleCommand;
import org.virtd.virsh.command.domain.ScreenshotCommand;
import org.virtd.virsh.command.domain.CreateCommand;
import org.virtd.virsh.command.domain.DefineCommand;
import org.virtd.virsh.command.domain.DestroyCommand;
import org.virtd.virsh.command.domain.DomidCommand;
import org.virtd.virsh.command.domain.DomnameCommand;
import org.virtd.virsh.command.domain.DomuuidCommand;
import org.virtd.virsh.command.domain.DumpxmlCommand;
import org.virtd.virsh.command.domain.RebootCommand;
import org.virtd.virsh.command.domain.ResumeCommand;
import org.virtd.virsh.command.domain.SetmaxmemCommand;
import org.virtd.virsh.command.domain.SetmemCommand;
import org.virtd.virsh.command.domain.SetvcpusCommand;
import org.virtd.virsh.command.domain.ShutdownCommand;
import org.virtd.virsh.command.domain.StartCommand;
import org.virtd.virsh.command.domain.SuspendCommand;
import org.virtd.virsh.command.domain.UndefineCommand;
import org.virtd.virsh.command.domain.VcpucountCommand;
import org.virtd.virsh.command.events.EventCommand;
import org.virtd.virsh.command.host.CapabilitiesCommand;
import org.virtd.virsh.command.host.HostnameCommand;
import org.virtd.virsh.command.host.NodeinfoCommand;
import org.virtd.virsh.command.host.SysinfoCommand;
import org.virtd.virsh.command.host.UriCommand;
import org.virtd.virsh.command.host.VersionCommand;
import org.virtd.virsh.command.monitor.DominfoCommand;
import org.virtd.virsh.command.monitor.DomstateCommand;
import org.virtd.virsh.command.monitor.ListCommand;
import org.virtd.virsh.command.shell.ConnectCommand;
import org.virtd.virsh.command.shell.ExitCommand;
import org.virtd.virsh.command.shell.HelpCommand;
import org.virtd.virsh.command.shell.QuitCommand;

/**
 * The command groups in virsh's order, each with its commands in virsh's (alphabetical, except the shell group)
 * order. Groups virtd has no commands for yet are listed too, so {@code help} prints every group virsh prints.
 */
public final class CommandRegistry {
    /** A virsh command group: title, help keyword and commands. */
    public record Group(String name, String keyword, List<CommandDef> commands) {
    }

    private final List<Group> groups;

    public CommandRegistry(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    public List<Group> groups() {
        return groups;
    }

    public CommandDef find(String name) {
        for (Group g : groups) {
            for (CommandDef c : g.commands()) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
        }
        return null;
    }

    public Group findGroup(String nameOrKeyword) {
        for (Group g : groups) {
            if (g.name().equals(nameOrKeyword) || g.keyword().equals(nameOrKeyword)) {
                return g;
            }
        }
        return null;
    }

    private static final class Builder {
        private final List<Group> groups = new ArrayList<>();
        private List<CommandDef> current;

        Builder group(String name, String keyword) {
            current = new ArrayList<>();
            groups.add(new Group(name, keyword, current));
            return this;
        }

        <T extends VshCommand> Builder add(Class<T> type, Supplier<T> factory) {
            current.add(new CommandDef(type, factory));
            return this;
        }

        CommandRegistry build() {
            List<Group> frozen = new ArrayList<>();
            for (Group g : groups) {
                frozen.add(new Group(g.name(), g.keyword(), List.copyOf(g.commands())));
            }
            return new CommandRegistry(frozen);
        }
    }

    /** The commands of this release of virtd's virsh. */
    public static CommandRegistry standard() {
        return new Builder()
                .group("Domain Management", "domain")
                .add(AutostartCommand.class, AutostartCommand::new)
                .add(ConsoleCommand.class, ConsoleCommand::new)
                .add(CreateCommand.class, CreateCommand::new)
                .add(DefineCommand.class, DefineCommand::new)
                .add(DestroyCommand.class, DestroyCommand::new)
                .add(DomidCommand.class, DomidCommand::new)
                .add(DomnameCommand.class, DomnameCommand::new)
                .add(DomuuidCommand.class, DomuuidCommand::new)
                .add(DumpxmlCommand.class, DumpxmlCommand::new)
                .add(RebootCommand.class, RebootCommand::new)
                .add(ResumeCommand.class, ResumeCommand::new)
                .add(ScreenshotCommand.class, ScreenshotCommand::new)
                .add(SetmaxmemCommand.class, SetmaxmemCommand::new)
                .add(SetmemCommand.class, SetmemCommand::new)
                .add(SetvcpusCommand.class, SetvcpusCommand::new)
                .add(ShutdownCommand.class, ShutdownCommand::new)
                .add(StartCommand.class, StartCommand::new)
                .add(SuspendCommand.class, SuspendCommand::new)
                .add(UndefineCommand.class, UndefineCommand::new)
                .add(VcpucountCommand.class, VcpucountCommand::new)
                .group("Domain Monitoring", "monitor")
                .add(DominfoCommand.class, DominfoCommand::new)
                .add(DomstateCommand.class, DomstateCommand::new)
                .add(ListCommand.class, ListCommand::new)
                .group("Domain Events", "events")
                .add(EventCommand.class, EventCommand::new)
                .group("Host and Hypervisor", "host")
                .add(CapabilitiesCommand.class, CapabilitiesCommand::new)
                .add(HostnameCommand.class, HostnameCommand::new)
                .add(NodeinfoCommand.class, NodeinfoCommand::new)
                .add(SysinfoCommand.class, SysinfoCommand::new)
                .add(UriCommand.class, UriCommand::new)
                .add(VersionCommand.class, VersionCommand::new)
                .group("Checkpoint", "checkpoint")
                .group("Interface", "interface")
                .group("Network Filter", "filter")
                .group("Networking", "network")
                .group("Node Device", "nodedev")
                .group("Secret", "secret")
                .group("Snapshot", "snapshot")
                .group("Backup", "backup")
                .group("Storage Pool", "pool")
                .group("Storage Volume", "volume")
                .group("Virsh itself", "virsh")
                .add(ExitCommand.class, ExitCommand::new)
                .add(HelpCommand.class, HelpCommand::new)
                .add(QuitCommand.class, QuitCommand::new)
                .add(ConnectCommand.class, ConnectCommand::new)
                .build();
    }
}
