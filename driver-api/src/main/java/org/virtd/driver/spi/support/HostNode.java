package org.virtd.driver.spi.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.virtd.api.NodeInfo;

/**
 * This host as Linux describes it ({@code /proc}, {@code /sys}), for drivers whose guests run on it directly:
 * what libvirt's node info and capabilities report. Memory is the NUMA nodes' total where {@code /sys} lists
 * nodes (libvirt's choice, which can be less than {@code /proc/meminfo}'s MemTotal), else MemTotal.
 *
 * @param root where {@code proc} and {@code sys} are ({@code /}, or a copy in tests)
 */
public record HostNode(Path root) {

    public static HostNode local() { return new HostNode(Path.of("/")); }

    /** One online CPU: its number and where it sits. */
    public record Cpu(int id, int socket, int die, int core, String siblings) {}

    /** One NUMA cell: memory in KiB and its CPUs. */
    public record Cell(int id, long memoryKiB, List<Cpu> cpus) {}

    public NodeInfo nodeInfo() {
        List<Cpu> cpus = cpus();
        Set<Integer> sockets = new HashSet<>();
        Set<String> cores = new HashSet<>();
        for (Cpu c : cpus) {
            sockets.add(c.socket());
            cores.add(c.socket() + "/" + c.die() + "/" + c.core());
        }
        int nodes = Math.max(1, cells().size());
        int s = Math.max(1, sockets.size());
        int coresPerSocket = Math.max(1, cores.size() / s);
        int threads = Math.max(1, cpus.size() / Math.max(1, cores.size()));
        return new NodeInfo(arch(), memoryKiB(), cpus.size(), mhz(), nodes, s / nodes == 0 ? 1 : s / nodes,
                coresPerSocket, threads);
    }

    public String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    /** Total memory in KiB. */
    public long memoryKiB() {
        long sum = 0;
        for (Cell c : cells()) sum += c.memoryKiB();
        return sum > 0 ? sum : meminfo("MemTotal");
    }

    /** Free memory in bytes: the nodes' MemFree, else /proc/meminfo's. */
    public long freeMemoryBytes() {
        long sum = 0;
        for (Path node : nodeDirs()) sum += field(node.resolve("meminfo"), "MemFree");
        return (sum > 0 ? sum : meminfo("MemFree")) * 1024;
    }

    /** The NUMA cells with their CPUs; one cell holding everything where {@code /sys} shows no nodes. */
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        List<Cpu> all = cpus();
        for (Path node : nodeDirs()) {
            int id = Integer.parseInt(node.getFileName().toString().substring(4));
            Set<Integer> mine = parseList(read(node.resolve("cpulist")));
            out.add(new Cell(id, field(node.resolve("meminfo"), "MemTotal"),
                    all.stream().filter(c -> mine.contains(c.id())).toList()));
        }
        if (out.isEmpty()) out.add(new Cell(0, meminfo("MemTotal"), all));
        return out;
    }

    /** Online CPUs with their topology. */
    public List<Cpu> cpus() {
        Path sys = root.resolve("sys/devices/system/cpu");
        List<Cpu> out = new ArrayList<>();
        Set<Integer> online = parseList(read(sys.resolve("online")));
        for (int id : online) {
            Path t = sys.resolve("cpu" + id + "/topology");
            out.add(new Cpu(id, intOr(read(t.resolve("physical_package_id")), 0), intOr(read(t.resolve("die_id")), 0),
                    intOr(read(t.resolve("core_id")), id), orDefault(read(t.resolve("thread_siblings_list")), Integer.toString(id))));
        }
        if (out.isEmpty()) {
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) out.add(new Cpu(i, 0, 0, i, Integer.toString(i)));
        }
        return out;
    }

    /** The first CPU's clock in MHz, as /proc/cpuinfo says it. */
    public int mhz() {
        for (String line : lines(root.resolve("proc/cpuinfo"))) {
            if (line.startsWith("cpu MHz")) {
                try {
                    return (int) Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** A /proc/cpuinfo field of the first CPU ("vendor_id", "flags", ...), or null. */
    public String cpuinfo(String key) {
        for (String line : lines(root.resolve("proc/cpuinfo"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    private List<Path> nodeDirs() {
        Path dir = root.resolve("sys/devices/system/node");
        TreeMap<Integer, Path> nodes = new TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.matches("node\\d+")) nodes.put(Integer.parseInt(n.substring(4)), p);
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(nodes.values());
    }

    private long meminfo(String key) {
        return field(root.resolve("proc/meminfo"), key);
    }

    /** A "KEY: N kB" value of a meminfo file (node files prefix each line with "Node N "). */
    private static long field(Path file, String key) {
        for (String line : lines(file)) {
            String l = line.startsWith("Node ") ? line.substring(line.indexOf(' ', 5) + 1) : line;
            if (l.startsWith(key + ":")) {
                String v = l.substring(key.length() + 1).trim();
                int sp = v.indexOf(' ');
                return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
            }
        }
        return 0;
    }

    /** A kernel CPU list ("0-3,8,10-11"). */
    static Set<Integer> parseList(String list) {
        Set<Integer> out = new java.util.TreeSet<>();
        if (list == null || list.isBlank()) return out;
        for (String part : list.trim().split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) out.add(Integer.parseInt(part));
            else for (int i = Integer.parseInt(part.substring(0, dash)); i <= Integer.parseInt(part.substring(dash + 1)); i++) out.add(i);
        }
        return out;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static int intOr(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String orDefault(String s, String d) { return s == null ? d : s; }
}
