package org.virtd.xml;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.virtd.xml.domain.Cputune;
import org.virtd.xml.domain.Domain;
import org.virtd.xml.domain.Iothreadids;

/**
 * libvirt 9.0's reading of {@code <cputune>}'s per-thread parts: scheduler elements are stored per vCPU / I/O thread
 * and written one element per thread; cachetune and memorytune become resctrl groups (vcpus trimmed to the vCPU
 * count, caches ordered by level, type and id, sizes in the largest exact unit, colliding allocations refused) and
 * are written as libvirt writes the groups back.
 */
final class CputunePostParse {
    private static final List<String> SCHEDULERS = List.of("none", "batch", "idle", "fifo", "rr");
    private static final List<String> CACHE_TYPES = List.of("both", "code", "data");

    private CputunePostParse() {
    }

    /**
     * @param parseInactive libvirt's PARSE_INACTIVE (allocation ids are not read)
     * @param formatInactive whether the output is an inactive definition (allocation ids are not written)
     */
    static void apply(Domain d, boolean parseInactive, boolean formatInactive) {
        Cputune t = d.cputune;
        if (t == null) {
            return;
        }
        int maxVcpus = Integer.parseInt(d.vcpu.count);
        List<Integer> vcpuIds = new ArrayList<>();
        for (int i = 0; i < maxVcpus; i++) {
            vcpuIds.add(i);
        }
        t.vcpusched = perThread(t.vcpusched, "vcpusched", "vcpus", vcpuIds,
                id -> "vCPU '" + id + "' is not present in domain definition");
        t.iothreadsched = perThread(t.iothreadsched, "iothreadsched", "iothreads", iothreadIds(d),
                id -> "Cannot find 'iothread' : " + id);
        resctrl(t, maxVcpus, parseInactive, formatInactive);
    }

    /** The domain's I/O thread ids in libvirt's order: the listed ones, then the lowest free ids up to the count. */
    private static List<Integer> iothreadIds(Domain d) {
        List<Integer> ids = new ArrayList<>();
        if (d.iothreadids != null) {
            for (Iothreadids.Iothread it : d.iothreadids.iothread) {
                try {
                    ids.add(Integer.parseInt(it.id.strip()));
                } catch (RuntimeException e) {
                    // Left to the iothreadids checks.
                }
            }
        }
        int count = 0;
        try {
            count = d.iothreads == null ? 0 : Integer.parseInt(d.iothreads.strip());
        } catch (NumberFormatException e) {
            count = 0;
        }
        for (int next = 1; ids.size() < count; next++) {
            if (!ids.contains(next)) {
                ids.add(next);
            }
        }
        return ids;
    }

    private record Policy(String scheduler, String priority) {
    }

    private static List<Cputune.Sched> perThread(List<Cputune.Sched> in, String element, String attribute,
            List<Integer> ids, java.util.function.IntFunction<String> missing) {
        if (in.isEmpty()) {
            return in;
        }
        Map<Integer, Policy> byId = new LinkedHashMap<>();
        for (Cputune.Sched s : in) {
            String list = "vcpus".equals(attribute) ? s.vcpus : s.iothreads;
            if (list == null) {
                throw error(DomainXmlException.XML_ERROR,
                        "Missing attribute '" + attribute + "' in element '" + element + "'");
            }
            BitSet bits = Bitmaps.parse(list, Bitmaps.CPUMASK_LEN);
            if (bits == null) {
                throw error(DomainXmlException.INVALID_ARG, "Failed to parse bitmap '" + list + "'");
            }
            if (bits.isEmpty()) {
                throw error(DomainXmlException.CONFIG_UNSUPPORTED,
                        "'" + attribute + "' scheduler bitmap '" + list + "' is empty");
            }
            Policy p = policy(s, element);
            for (int id = bits.nextSetBit(0); id >= 0; id = bits.nextSetBit(id + 1)) {
                if (!ids.contains(id)) {
                    throw error(DomainXmlException.CONFIG_UNSUPPORTED, missing.apply(id));
                }
                if (byId.containsKey(id)) {
                    throw error(DomainXmlException.XML_DETAIL,
                            "'" + element + "' attributes '" + attribute + "' must not overlap");
                }
                byId.put(id, p);
            }
        }
        List<Cputune.Sched> out = new ArrayList<>();
        for (int id : ids) {
            Policy p = byId.get(id);
            if (p == null) {
                continue;
            }
            Cputune.Sched s = new Cputune.Sched();
            if ("vcpus".equals(attribute)) {
                s.vcpus = Integer.toString(id);
            } else {
                s.iothreads = Integer.toString(id);
            }
            s.scheduler = p.scheduler;
            s.priority = p.priority;
            out.add(s);
        }
        return out;
    }

    private static Policy policy(Cputune.Sched s, String element) {
        if (s.scheduler == null) {
            throw error(DomainXmlException.XML_ERROR,
                    "Missing required attribute 'scheduler' in element '" + element + "'");
        }
        int kind = SCHEDULERS.indexOf(s.scheduler);
        if (kind <= 0) {
            throw invalid("scheduler", element, s.scheduler);
        }
        if (!s.scheduler.equals("fifo") && !s.scheduler.equals("rr")) {
            return new Policy(s.scheduler, null);
        }
        if (s.priority == null) {
            throw error(DomainXmlException.XML_ERROR,
                    "Missing required attribute 'priority' in element '" + element + "'");
        }
        try {
            return new Policy(s.scheduler, Integer.toString(Integer.parseInt(s.priority)));
        } catch (NumberFormatException e) {
            throw invalid("priority", element, s.priority);
        }
    }

    /** One resctrl group: the vcpus it covers, its allocations and monitors. */
    private static final class Group {
        final BitSet vcpus;
        String id;
        /** level -> type index -> cache id -> bytes. */
        final TreeMap<Integer, TreeMap<Integer, TreeMap<Integer, Long>>> caches = new TreeMap<>();
        final TreeMap<Integer, Integer> bandwidth = new TreeMap<>();
        final List<Monitor> monitors = new ArrayList<>();

        Group(BitSet vcpus) {
            this.vcpus = vcpus;
        }

        boolean allocEmpty() {
            return caches.isEmpty() && bandwidth.isEmpty();
        }
    }

    private record Monitor(BitSet vcpus, boolean cache) {
    }

    private static void resctrl(Cputune t, int maxVcpus, boolean parseInactive, boolean formatInactive) {
        if (t.cachetune.isEmpty() && t.memorytune.isEmpty()) {
            return;
        }
        List<Group> groups = new ArrayList<>();
        for (Cputune.Cachetune ct : t.cachetune) {
            BitSet vcpus = vcpus(ct.vcpus, "cachetune", maxVcpus);
            if (vcpus.isEmpty()) {
                continue;
            }
            if (match(groups, vcpus) != null) {
                throw error(DomainXmlException.XML_ERROR, "Identical vcpus in cachetunes found");
            }
            Group g = new Group(vcpus);
            for (Cputune.CacheAllocation c : ct.cache) {
                int cache = uint(c.id, "id", "cache");
                int level = uint(c.level, "level", "cache");
                if (c.type == null) {
                    throw error(DomainXmlException.XML_ERROR, "Missing required attribute 'type' in element 'cache'");
                }
                int type = CACHE_TYPES.indexOf(c.type);
                if (type < 0) {
                    throw invalid("type", "cache", c.type);
                }
                if (c.size == null) {
                    throw error(DomainXmlException.XML_ERROR, "missing element or attribute './@size'");
                }
                long size = Units.toBytes(c.size, c.unit, "./@size");
                TreeMap<Integer, TreeMap<Integer, Long>> byType = g.caches.computeIfAbsent(level,
                        k -> new TreeMap<>());
                boolean collides = has(byType, 0, cache)
                        || (type == 0 ? has(byType, 1, cache) || has(byType, 2, cache) : has(byType, type, cache));
                if (collides) {
                    throw error(DomainXmlException.XML_ERROR, "Colliding cache allocations for cache level '" + level
                            + "' id '" + cache + "', type '" + c.type + "'");
                }
                byType.computeIfAbsent(type, k -> new TreeMap<>()).put(cache, size);
            }
            g.id = groupId(ct.id, vcpus, parseInactive);
            for (Cputune.Monitor m : ct.monitor) {
                int level = uint(m.level, "level", "monitor");
                if (level != 3) {
                    throw error(DomainXmlException.XML_ERROR, "Invalid monitor cache level '" + level + "'");
                }
                monitor(g, vcpus(m.vcpus, "monitor", maxVcpus), true);
            }
            if (!g.monitors.isEmpty() || !ct.cache.isEmpty()) {
                groups.add(g);
            }
        }
        for (Cputune.Memorytune mt : t.memorytune) {
            BitSet vcpus = vcpus(mt.vcpus, "memorytune", maxVcpus);
            if (vcpus.isEmpty()) {
                continue;
            }
            Group existing = match(groups, vcpus);
            Group g = existing != null ? existing : new Group(vcpus);
            for (Cputune.MemoryBandwidth n : mt.node) {
                int id = uint(n.id, "id", "node");
                int bw = uint(n.bandwidth, "bandwidth", "node");
                if (bw > 100) {
                    throw error(DomainXmlException.XML_ERROR, "Memory Bandwidth value exceeding 100 is invalid.");
                }
                if (g.bandwidth.containsKey(id)) {
                    throw error(DomainXmlException.XML_ERROR, "Memory Bandwidth already defined for node " + id);
                }
                g.bandwidth.put(id, bw);
            }
            if (existing == null) {
                g.id = groupId(mt.id, vcpus, parseInactive);
            }
            int before = g.monitors.size();
            for (Cputune.Monitor m : mt.monitor) {
                monitor(g, vcpus(m.vcpus, "monitor", maxVcpus), false);
            }
            if (existing == null && (g.monitors.size() > before || !mt.node.isEmpty())) {
                groups.add(g);
            }
        }
        t.cachetune = new ArrayList<>();
        t.memorytune = new ArrayList<>();
        for (Group g : groups) {
            Cputune.Cachetune ct = new Cputune.Cachetune();
            g.caches.forEach((level, byType) -> byType.forEach((type, byId) -> byId.forEach((id, bytes) -> {
                Cputune.CacheAllocation c = new Cputune.CacheAllocation();
                c.id = Integer.toString(id);
                c.level = Integer.toString(level);
                c.type = CACHE_TYPES.get(type);
                String[] pretty = pretty(bytes);
                c.size = pretty[0];
                c.unit = pretty[1];
                ct.cache.add(c);
            })));
            Cputune.Memorytune mt = new Cputune.Memorytune();
            g.bandwidth.forEach((id, bw) -> {
                Cputune.MemoryBandwidth n = new Cputune.MemoryBandwidth();
                n.id = Integer.toString(id);
                n.bandwidth = Integer.toString(bw);
                mt.node.add(n);
            });
            for (Monitor m : g.monitors) {
                Cputune.Monitor out = new Cputune.Monitor();
                out.vcpus = Bitmaps.format(m.vcpus);
                if (m.cache) {
                    out.level = "3";
                    ct.monitor.add(out);
                } else {
                    mt.monitor.add(out);
                }
            }
            String vcpus = Bitmaps.format(g.vcpus);
            String id = formatInactive ? null : g.id;
            if (!ct.cache.isEmpty() || !ct.monitor.isEmpty()) {
                ct.vcpus = vcpus;
                ct.id = id;
                t.cachetune.add(ct);
            }
            if (!mt.node.isEmpty() || !mt.monitor.isEmpty()) {
                mt.vcpus = vcpus;
                mt.id = id;
                t.memorytune.add(mt);
            }
        }
    }

    private static boolean has(TreeMap<Integer, TreeMap<Integer, Long>> byType, int type, int cache) {
        TreeMap<Integer, Long> m = byType.get(type);
        return m != null && m.containsKey(cache);
    }

    /** The group with exactly these vcpus, or null; a partial overlap with any group is refused. */
    private static Group match(List<Group> groups, BitSet vcpus) {
        for (Group g : groups) {
            if (g.vcpus.equals(vcpus)) {
                return g;
            }
            if (g.vcpus.intersects(vcpus)) {
                throw error(DomainXmlException.XML_ERROR, "Overlapping vcpus in resctrls");
            }
        }
        return null;
    }

    private static String groupId(String given, BitSet vcpus, boolean parseInactive) {
        return !parseInactive && given != null ? given : "vcpus_" + Bitmaps.format(vcpus);
    }

    /** libvirt's checks of a monitor against its group and the group's other monitors. */
    private static void monitor(Group g, BitSet vcpus, boolean cache) {
        if (vcpus.isEmpty()) {
            throw error(DomainXmlException.INVALID_ARG, "vcpus is empty");
        }
        BitSet outside = (BitSet) vcpus.clone();
        outside.andNot(g.vcpus);
        if (!outside.isEmpty()) {
            throw error(DomainXmlException.INVALID_ARG, "Monitor vcpus conflicts with allocation");
        }
        boolean equalToGroup = vcpus.equals(g.vcpus);
        boolean overlapAny = false;
        boolean overlapOutsideGroup = false;
        for (Monitor m : g.monitors) {
            if (m.vcpus.equals(vcpus)) {
                if (m.cache != cache) {
                    continue;
                }
                throw error(DomainXmlException.INVALID_ARG, "Identical vcpus found in same type monitors");
            }
            if (m.vcpus.intersects(vcpus)) {
                overlapAny = true;
            }
            if (equalToGroup || m.vcpus.equals(g.vcpus)) {
                continue;
            }
            if (m.vcpus.intersects(vcpus)) {
                overlapOutsideGroup = true;
            }
        }
        if (overlapOutsideGroup || (g.allocEmpty() && overlapAny)) {
            throw error(DomainXmlException.INVALID_ARG, "vcpus overlaps in resctrl groups");
        }
        g.monitors.add(new Monitor(vcpus, cache));
    }

    private static BitSet vcpus(String list, String element, int maxVcpus) {
        if (list == null) {
            throw error(DomainXmlException.XML_ERROR, "Missing " + element + " attribute 'vcpus'");
        }
        BitSet bits = Bitmaps.parse(list, Bitmaps.CPUMASK_LEN);
        if (bits == null) {
            throw error(DomainXmlException.XML_ERROR,
                    "Invalid " + element + " attribute 'vcpus' value '" + list + "'");
        }
        if (bits.length() > maxVcpus) {
            bits.clear(maxVcpus, bits.length());
        }
        return bits;
    }

    /** A size in bytes as libvirt prints it: the largest binary unit that divides it exactly. */
    static String[] pretty(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        if (bytes == 0 || bytes % 1024 != 0) {
            return new String[] {Long.toUnsignedString(bytes), "B"};
        }
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return new String[] {Long.toUnsignedString(v), units[u]};
    }

    private static int uint(String v, String attribute, String element) {
        if (v == null) {
            throw error(DomainXmlException.XML_ERROR,
                    "Missing required attribute '" + attribute + "' in element '" + element + "'");
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0 || n > 0xFFFFFFFFL || v.strip().startsWith("+")) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw invalid(attribute, element, v);
        }
    }

    private static DomainXmlException invalid(String attribute, String element, String value) {
        return error(DomainXmlException.XML_ERROR,
                "Invalid value for attribute '" + attribute + "' in element '" + element + "': '" + value + "'.");
    }

    private static DomainXmlException error(int code, String message) {
        return new DomainXmlException(code, DomainXmlException.FROM_DOMAIN, message);
    }
}
