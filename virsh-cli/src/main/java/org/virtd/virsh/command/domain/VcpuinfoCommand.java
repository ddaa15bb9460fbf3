package org.virtd.virsh.command.domain;

import java.util.BitSet;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainInfo;
import org.virtd.api.DomainState;
import org.virtd.api.DomainVcpus;
import org.virtd.api.Flags;
import org.virtd.api.NodeInfo;
import org.virtd.api.VcpuInfo;
import org.virtd.api.VcpuPinInfo;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.CpuMaps;
import org.virtd.virsh.xml.XmlDoc;
import org.w3c.dom.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vcpuinfo DOMAIN [--pretty]}: each vCPU's host CPU, state, time and affinity. For a shut-off domain, whose
 * vCPUs cannot be listed, the affinity of the vCPUs its inactive XML enables (virDomainGetVcpuPinInfo).
 */
@Command(name = "vcpuinfo", header = "detailed domain vcpu information",
        description = "Returns basic information about the domain virtual CPUs.")
public final class VcpuinfoCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--pretty", description = "return human readable output")
    boolean pretty;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        int maxcpu = hostCpuCount(ctl.conn());
        DomainInfo info = dom.getInfo();
        int mapLen = (maxcpu + 7) / 8;
        DomainVcpus vcpus;
        try {
            vcpus = dom.getVcpus(info.nrVirtCpu(), mapLen);
        } catch (VirException e) {
            if (info.state() != DomainState.SHUTOFF.wireValue()) {
                throw e;
            }
            return inactive(ctl, dom, maxcpu, mapLen);
        }
        int n = vcpus.info().size();
        for (int i = 0; i < n; i++) {
            VcpuInfo v = vcpus.info().get(i);
            ctl.printf("%-15s %d\n", "VCPU:", v.number());
            ctl.printf("%-15s %d\n", "CPU:", v.cpu());
            ctl.printf("%-15s %s\n", "State:", state(v.state()));
            if (v.cpuTimeNs() != 0) {
                ctl.printf("%-15s %.1fs\n", "CPU time:", unsigned(v.cpuTimeNs()) / 1_000_000_000.0);
            }
            affinity(ctl, vcpus.cpumaps(), i * mapLen, maxcpu);
            if (i < n - 1) {
                ctl.print("\n");
            }
        }
        return true;
    }

    private boolean inactive(Virsh ctl, Domain dom, int maxcpu, int mapLen) {
        VcpuBitmap vcpus = enabledVcpus(ctl, dom);
        BitSet enabled = vcpus.enabled();
        VcpuPinInfo pins = dom.getVcpuPinInfo(vcpus.size(), mapLen, Flags.AFFECT_CONFIG);
        boolean first = true;
        for (int v = enabled.nextSetBit(0); v >= 0; v = enabled.nextSetBit(v + 1)) {
            if (!first) {
                ctl.print("\n");
            }
            first = false;
            ctl.printf("%-15s %d\n", "VCPU:", v);
            ctl.printf("%-15s %s\n", "CPU:", "N/A");
            ctl.printf("%-15s %s\n", "State:", "N/A");
            ctl.printf("%-15s %s\n", "CPU time", "N/A");
            affinity(ctl, pins.cpumaps(), v * mapLen, maxcpu);
        }
        return true;
    }

    /** Which of a domain's {@code size} vCPUs are online. */
    private record VcpuBitmap(BitSet enabled, int size) {
    }

    /** virsh's virshDomainGetVcpuBitmap on the inactive XML. */
    private static VcpuBitmap enabledVcpus(Virsh ctl, Domain dom) {
        XmlDoc xml = XmlDoc.ofDomain(ctl, dom, Flags.XML_INACTIVE);
        Long max = uint(xml.string("string(/domain/vcpu)"));
        if (max == null) {
            throw ctl.fail("Failed to retrieve maximum vcpu count");
        }
        Long cur = uint(xml.string("string(/domain/vcpu/@current)"));
        long current = cur == null || cur == 0 ? max : cur;
        BitSet map = new BitSet();
        var nodes = xml.nodes("/domain/vcpus/vcpu");
        if (nodes.isEmpty()) {
            map.set(0, (int) Math.min(current, max));
            return new VcpuBitmap(map, (int) (long) max);
        }
        for (Node node : nodes) {
            xml.at(node);
            Long id = uint(xml.string("string(@id)"));
            String online = xml.string("string(@enabled)");
            if (id == null || online == null) {
                continue;
            }
            if (online.equals("yes") && id < max) {
                map.set((int) (long) id);
            }
        }
        if (map.cardinality() != current) {
            throw ctl.fail("Failed to retrieve vcpu state bitmap");
        }
        return new VcpuBitmap(map, (int) (long) max);
    }

    private static Long uint(String s) {
        if (s == null) {
            return null;
        }
        try {
            long v = Long.parseLong(s.strip());
            return v < 0 || v > 0xFFFF_FFFFL ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void affinity(Virsh ctl, byte[] maps, int offset, int maxcpu) {
        StringBuilder b = new StringBuilder(String.format("%-15s ", "CPU Affinity:"));
        if (pretty) {
            b.append(CpuMaps.ranges(CpuMaps.bits(maps, offset, ((maxcpu + 7) / 8) * 8))).append(" (out of ").append(maxcpu).append(')');
        } else {
            b.append(CpuMaps.flags(CpuMaps.bits(maps, offset, maxcpu), maxcpu));
        }
        ctl.print(b.append('\n').toString());
    }

    private static String state(int state) {
        return switch (state) {
            case VcpuInfo.OFFLINE -> "offline";
            case VcpuInfo.RUNNING -> "running";
            case VcpuInfo.BLOCKED -> "blocked";
            default -> "no state";
        };
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : Double.parseDouble(Long.toUnsignedString(v));
    }

    /** virsh's virshNodeGetCPUCount: virNodeGetCPUMap, else the CPU total of virNodeGetInfo. */
    static int hostCpuCount(Connect conn) {
        try {
            return conn.nodeGetCpuMap(false, false, 0).cpus();
        } catch (VirException e) {
            NodeInfo n = conn.nodeGetInfo();
            return n.nodes() * n.sockets() * n.cores() * n.threads();
        }
    }
}
