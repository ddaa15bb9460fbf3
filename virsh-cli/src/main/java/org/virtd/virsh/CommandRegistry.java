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
import org.virtd.virsh.command.domain.DomhostnameCommand;
import org.virtd.virsh.command.domain.DomidCommand;
import org.virtd.virsh.command.domain.DomjobabortCommand;
import org.virtd.virsh.command.domain.DomjobinfoCommand;
import org.virtd.virsh.command.domain.DompmsuspendCommand;
import org.virtd.virsh.command.domain.DompmwakeupCommand;
import org.virtd.virsh.command.domain.DomnameCommand;
import org.virtd.virsh.command.domain.DomuuidCommand;
import org.virtd.virsh.command.domain.DomxmlFromNativeCommand;
import org.virtd.virsh.command.domain.DomxmlToNativeCommand;
import org.virtd.virsh.command.domain.DumpxmlCommand;
import org.virtd.virsh.command.domain.EditCommand;
import org.virtd.virsh.command.domain.InjectNmiCommand;
import org.virtd.virsh.command.domain.ManagedsaveCommand;
import org.virtd.virsh.command.domain.ManagedsaveRemoveCommand;
import org.virtd.virsh.command.domain.MigrateCommand;
import org.virtd.virsh.command.domain.QemuMonitorCommandCommand;
import org.virtd.virsh.command.domain.RebootCommand;
import org.virtd.virsh.command.domain.ResetCommand;
import org.virtd.virsh.command.domain.RestoreCommand;
import org.virtd.virsh.command.domain.ResumeCommand;
import org.virtd.virsh.command.domain.SaveCommand;
import org.virtd.virsh.command.domain.SetmaxmemCommand;
import org.virtd.virsh.command.domain.SetmemCommand;
import org.virtd.virsh.command.domain.SetvcpusCommand;
import org.virtd.virsh.command.domain.ShutdownCommand;
import org.virtd.virsh.command.domain.StartCommand;
import org.virtd.virsh.command.domain.SuspendCommand;
import org.virtd.virsh.command.domain.TtyconsoleCommand;
import org.virtd.virsh.command.domain.UndefineCommand;
import org.virtd.virsh.command.domain.VcpucountCommand;
import org.virtd.virsh.command.domain.VcpuinfoCommand;
import org.virtd.virsh.command.domain.VncdisplayCommand;
import org.virtd.virsh.command.events.EventCommand;
import org.virtd.virsh.command.host.CapabilitiesCommand;
import org.virtd.virsh.command.host.FreecellCommand;
import org.virtd.virsh.command.host.DomcapabilitiesCommand;
import org.virtd.virsh.command.host.HostnameCommand;
import org.virtd.virsh.command.host.MaxvcpusCommand;
import org.virtd.virsh.command.host.NodecpumapCommand;
import org.virtd.virsh.command.host.NodecpustatsCommand;
import org.virtd.virsh.command.host.NodeinfoCommand;
import org.virtd.virsh.command.host.NodememstatsCommand;
import org.virtd.virsh.command.host.SysinfoCommand;
import org.virtd.virsh.command.host.UriCommand;
import org.virtd.virsh.command.host.VersionCommand;
import org.virtd.virsh.command.monitor.DomblkerrorCommand;
import org.virtd.virsh.command.monitor.DomblkinfoCommand;
import org.virtd.virsh.command.monitor.DomblklistCommand;
import org.virtd.virsh.command.monitor.DomcontrolCommand;
import org.virtd.virsh.command.monitor.DomifGetlinkCommand;
import org.virtd.virsh.command.monitor.DomblkstatCommand;
import org.virtd.virsh.command.monitor.DomifaddrCommand;
import org.virtd.virsh.command.monitor.DomiflistCommand;
import org.virtd.virsh.command.monitor.DomifstatCommand;
import org.virtd.virsh.command.monitor.DominfoCommand;
import org.virtd.virsh.command.monitor.DommemstatCommand;
import org.virtd.virsh.command.monitor.DomstateCommand;
import org.virtd.virsh.command.monitor.DomstatsCommand;
import org.virtd.virsh.command.monitor.DomtimeCommand;
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

        <T extends VshCommand> Builder add(String name, Class<T> type, Supplier<T> factory) {
            current.add(new CommandDef(name, type, factory));
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
                .add("autostart", AutostartCommand.class, AutostartCommand::new)
                .add("console", ConsoleCommand.class, ConsoleCommand::new)
                .add("create", CreateCommand.class, CreateCommand::new)
                .add("define", DefineCommand.class, DefineCommand::new)
                .add("destroy", DestroyCommand.class, DestroyCommand::new)
                .add("domhostname", DomhostnameCommand.class, DomhostnameCommand::new)
                .add("domid", DomidCommand.class, DomidCommand::new)
                .add("domjobabort", DomjobabortCommand.class, DomjobabortCommand::new)
                .add("domjobinfo", DomjobinfoCommand.class, DomjobinfoCommand::new)
                .add("domname", DomnameCommand.class, DomnameCommand::new)
                .add("dompmsuspend", DompmsuspendCommand.class, DompmsuspendCommand::new)
                .add("dompmwakeup", DompmwakeupCommand.class, DompmwakeupCommand::new)
                .add("domuuid", DomuuidCommand.class, DomuuidCommand::new)
                .add("domxml-from-native", DomxmlFromNativeCommand.class, DomxmlFromNativeCommand::new)
                .add("domxml-to-native", DomxmlToNativeCommand.class, DomxmlToNativeCommand::new)
                .add("dumpxml", DumpxmlCommand.class, DumpxmlCommand::new)
                .add("edit", EditCommand.class, EditCommand::new)
                .add("inject-nmi", InjectNmiCommand.class, InjectNmiCommand::new)
                .add("managedsave", ManagedsaveCommand.class, ManagedsaveCommand::new)
                .add("managedsave-remove", ManagedsaveRemoveCommand.class, ManagedsaveRemoveCommand::new)
                .add("migrate", MigrateCommand.class, MigrateCommand::new)
                .add("qemu-monitor-command", QemuMonitorCommandCommand.class, QemuMonitorCommandCommand::new)
                .add("reboot", RebootCommand.class, RebootCommand::new)
                .add("reset", ResetCommand.class, ResetCommand::new)
                .add("restore", RestoreCommand.class, RestoreCommand::new)
                .add("resume", ResumeCommand.class, ResumeCommand::new)
                .add("save", SaveCommand.class, SaveCommand::new)
                .add("screenshot", ScreenshotCommand.class, ScreenshotCommand::new)
                .add("setmaxmem", SetmaxmemCommand.class, SetmaxmemCommand::new)
                .add("setmem", SetmemCommand.class, SetmemCommand::new)
                .add("setvcpus", SetvcpusCommand.class, SetvcpusCommand::new)
                .add("shutdown", ShutdownCommand.class, ShutdownCommand::new)
                .add("start", StartCommand.class, StartCommand::new)
                .add("suspend", SuspendCommand.class, SuspendCommand::new)
                .add("ttyconsole", TtyconsoleCommand.class, TtyconsoleCommand::new)
                .add("undefine", UndefineCommand.class, UndefineCommand::new)
                .add("vcpucount", VcpucountCommand.class, VcpucountCommand::new)
                .add("vcpuinfo", VcpuinfoCommand.class, VcpuinfoCommand::new)
                .add("vncdisplay", VncdisplayCommand.class, VncdisplayCommand::new)
                .group("Domain Monitoring", "monitor")
                .add("domblkerror", DomblkerrorCommand.class, DomblkerrorCommand::new)
                .add("domblkinfo", DomblkinfoCommand.class, DomblkinfoCommand::new)
                .add("domblklist", DomblklistCommand.class, DomblklistCommand::new)
                .add("domblkstat", DomblkstatCommand.class, DomblkstatCommand::new)
                .add("domcontrol", DomcontrolCommand.class, DomcontrolCommand::new)
                .add("domif-getlink", DomifGetlinkCommand.class, DomifGetlinkCommand::new)
                .add("domifaddr", DomifaddrCommand.class, DomifaddrCommand::new)
                .add("domiflist", DomiflistCommand.class, DomiflistCommand::new)
                .add("domifstat", DomifstatCommand.class, DomifstatCommand::new)
                .add("dominfo", DominfoCommand.class, DominfoCommand::new)
                .add("dommemstat", DommemstatCommand.class, DommemstatCommand::new)
                .add("domstate", DomstateCommand.class, DomstateCommand::new)
                .add("domstats", DomstatsCommand.class, DomstatsCommand::new)
                .add("domtime", DomtimeCommand.class, DomtimeCommand::new)
                .add("list", ListCommand.class, ListCommand::new)
                .group("Domain Events", "events")
                .add("event", EventCommand.class, EventCommand::new)
                .group("Host and Hypervisor", "host")
                .add("capabilities", CapabilitiesCommand.class, CapabilitiesCommand::new)
                .add("domcapabilities", DomcapabilitiesCommand.class, DomcapabilitiesCommand::new)
                .add("freecell", FreecellCommand.class, FreecellCommand::new)
                .add("hostname", HostnameCommand.class, HostnameCommand::new)
                .add("maxvcpus", MaxvcpusCommand.class, MaxvcpusCommand::new)
                .add("nodecpumap", NodecpumapCommand.class, NodecpumapCommand::new)
                .add("nodecpustats", NodecpustatsCommand.class, NodecpustatsCommand::new)
                .add("nodeinfo", NodeinfoCommand.class, NodeinfoCommand::new)
                .add("nodememstats", NodememstatsCommand.class, NodememstatsCommand::new)
                .add("sysinfo", SysinfoCommand.class, SysinfoCommand::new)
                .add("uri", UriCommand.class, UriCommand::new)
                .add("version", VersionCommand.class, VersionCommand::new)
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
                .add("exit", ExitCommand.class, ExitCommand::new)
                .add("help", HelpCommand.class, HelpCommand::new)
                .add("quit", QuitCommand.class, QuitCommand::new)
                .add("connect", ConnectCommand.class, ConnectCommand::new)
                .build();
    }
}
