package org.virtd.virsh.command.domain;

import java.util.List;
import org.virtd.api.Domain;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;
import org.virtd.virsh.Numbers;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.VshOption;
import org.virtd.virsh.format.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qemu-monitor-command DOMAIN [--hmp] [--pretty] [--return-value] [--pass-fds N,M] CMD...}: the QEMU
 * program's DOMAIN_MONITOR_COMMAND (or _WITH_FILES when descriptors are passed). Without {@code --hmp} the
 * words are wrapped into a QMP command as virsh does: a JSON object is sent as is; otherwise the first word is
 * the command name and the rest its arguments (a JSON object, or members joined into one).
 */
@Command(name = "qemu-monitor-command", header = "QEMU Monitor Command", description = "QEMU Monitor Command")
public final class QemuMonitorCommandCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--hmp", description = "command is in human monitor protocol")
    boolean hmp;

    @Option(names = "--pretty", description = "pretty-print any qemu monitor protocol output")
    boolean pretty;

    @Option(names = "--return-value", description = "extract the value of the 'return' key from the returned string")
    boolean returnValue;

    @VshOption(requireName = true)
    @Option(names = "--pass-fds", paramLabel = OptionType.LABEL_STRING,
            description = "pass file descriptors N,M,... along with the command")
    String passFds;

    @Option(names = "--cmd", required = true, paramLabel = OptionType.LABEL_ARGV, description = "command")
    List<String> cmd;

    /** {@code VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP}. */
    private static final int HMP = 1;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("hmp", "pretty");
        ctl.exclusive("hmp", "return-value");
        Domain dom = ctl.commandOptDomain();
        String monitorCmd = hmp ? String.join(" ", cmd) : qmpWrap(ctl);
        int[] fds = passFds(ctl);
        String result = fds != null ? dom.qemuMonitorCommandWithFiles(monitorCmd, fds, hmp ? HMP : 0)
                : dom.qemuMonitorCommand(monitorCmd, hmp ? HMP : 0);
        Json.Value json = null;
        if (returnValue || pretty) {
            json = Json.tryParse(result);
            if (returnValue && json == null) {
                throw ctl.fail("failed to parse JSON returned by qemu");
            }
        }
        if (json == null) {
            ctl.print(result + "\n");
            return true;
        }
        Json.Value out = json;
        if (returnValue) {
            out = json instanceof Json.Obj o ? o.get("return") : null;
            if (out == null) {
                throw ctl.fail("'return' member missing");
            }
        }
        ctl.print(Json.format(out, pretty).strip());
        return true;
    }

    /** virsh's QMP wrapper; a wrapping that does not parse fails with libvirt's JSON error as the cause. */
    private String qmpWrap(Virsh ctl) {
        String full = String.join(" ", cmd);
        if (Json.tryParse(full) instanceof Json.Obj) {
            return full;
        }
        String name = cmd.get(0);
        List<String> rest = cmd.subList(1, cmd.size());
        Json.Value arguments = null;
        if (!rest.isEmpty()) {
            String args = String.join(" ", rest);
            Json.Value parsed = Json.tryParse(args);
            if (parsed instanceof Json.Obj) {
                arguments = parsed;
            } else {
                String wrapped = "{" + String.join(",", rest) + "}";
                try {
                    arguments = Json.parse(wrapped);
                } catch (Json.ParseException e) {
                    VirException cause = VirException.of(VirErrorDomain.NONE, VirErrorCode.INTERNAL_ERROR,
                            Json.libvirtError(wrapped, e));
                    throw ctl.fail(cause, "failed to wrap arguments '" + args + "' into a QMP command wrapper");
                }
            }
        }
        List<java.util.Map.Entry<String, Json.Value>> members = new java.util.ArrayList<>();
        members.add(java.util.Map.entry("execute", new Json.Str(name)));
        if (arguments != null) {
            members.add(java.util.Map.entry("arguments", arguments));
        }
        return Json.format(new Json.Obj(members), false);
    }

    /** {@code --pass-fds N,M,...}: null when absent or empty (virsh reads it quietly). */
    private int[] passFds(Virsh ctl) {
        if (passFds == null || passFds.isEmpty()) {
            return null;
        }
        String[] parts = passFds.split(",", -1);
        int[] fds = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Integer n = Numbers.parseInt(parts[i]);
            if (n == null) {
                throw ctl.fail("Unable to parse FD number '" + parts[i] + "'");
            }
            fds[i] = n;
        }
        return fds;
    }
}
