package org.virtd.driver.xen.hv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtd.xml.DomainXmlException;
import org.virtd.xml.Units;
import org.virtd.xml.domain.Devices;
import org.virtd.xml.domain.Domain;

/**
 * A domain definition as libxl's JSON form of {@code libxl_domain_config}, the text
 * {@code libxl_domain_config_from_json} parses (and {@code libxl_domain_config_to_json} writes): keys are the
 * IDL's field names ({@code libxl_types.idl}), enums their lower-case value names, a keyed union the key
 * {@code <keyvar>.<member>} ({@code "type.pv"}), a {@code libxl_bitmap} the ascending list of its set bits.
 *
 * <p>Covered now: guest type (PV, PVH, HVM from {@code <os><type>}), name, UUID, maximum and current memory,
 * maximum and online vCPUs, direct kernel boot (kernel, ramdisk, cmdline) or a bootloader, and the
 * on_poweroff/on_reboot/on_crash actions. Devices get one section each ({@link #devices}); until disks and
 * network interfaces are converted, a definition that has them is refused rather than started without them.
 */
final class LibxlDomainConfig {
    private LibxlDomainConfig() {
    }

    /** libxl's JSON for {@code definition}; EINVAL when the definition cannot be expressed. */
    static String toJson(Domain definition) throws XenHypervisorException {
        Map<String, Object> config = new LinkedHashMap<>();
        String type = guestType(definition);
        config.put("c_info", createInfo(definition, type));
        config.put("b_info", buildInfo(definition, type));
        devices(definition.devices, config);
        config.put("on_poweroff", action("on_poweroff", definition.onPoweroff, "destroy"));
        config.put("on_reboot", action("on_reboot", definition.onReboot, "restart"));
        config.put("on_crash", action("on_crash", definition.onCrash, "destroy"));
        StringBuilder sb = new StringBuilder();
        write(sb, config, "");
        return sb.append('\n').toString();
    }

    /** libxl's {@code libxl_domain_type} name for {@code <os><type>}, as libvirt's libxl driver maps it. */
    private static String guestType(Domain d) throws XenHypervisorException {
        String os = d.os == null || d.os.type == null || d.os.type.value == null ? null : d.os.type.value.trim();
        if (os == null) throw invalid("the domain has no <os><type>");
        return switch (os) {
            case "linux", "xen" -> "pv";
            case "xenpvh" -> "pvh";
            case "hvm" -> "hvm";
            default -> throw invalid("unsupported os type '" + os + "' for Xen");
        };
    }

    private static Map<String, Object> createInfo(Domain d, String type) throws XenHypervisorException {
        if (d.name == null || d.name.isBlank()) throw invalid("the domain has no name");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("name", d.name);
        if (d.uuid != null) c.put("uuid", d.uuid);
        return c;
    }

    private static Map<String, Object> buildInfo(Domain d, String type) throws XenHypervisorException {
        Map<String, Object> b = new LinkedHashMap<>();
        int maxVcpus = count("vcpu", d.vcpu == null ? null : d.vcpu.count, 1);
        int online = count("vcpu current", d.vcpu == null ? null : d.vcpu.current, maxVcpus);
        if (online > maxVcpus) {
            throw invalid("current vcpus " + online + " exceed the maximum " + maxVcpus);
        }
        b.put("max_vcpus", maxVcpus);
        List<Integer> avail = new ArrayList<>();
        for (int i = 0; i < online; i++) avail.add(i);
        b.put("avail_vcpus", avail);

        if (d.memory == null) throw invalid("the domain has no <memory>");
        long maxKib = kib(d.memory.value, d.memory.unit, "memory");
        long targetKib = d.currentMemory == null ? maxKib : kib(d.currentMemory.value, d.currentMemory.unit,
                "currentMemory");
        if (targetKib > maxKib) throw invalid("current memory " + targetKib + " KiB exceeds memory " + maxKib + " KiB");
        b.put("max_memkb", maxKib);
        b.put("target_memkb", targetKib);

        if (d.os.kernel != null) b.put("kernel", d.os.kernel);
        if (d.os.initrd != null) b.put("ramdisk", d.os.initrd);
        if (d.os.cmdline != null) b.put("cmdline", d.os.cmdline);
        if (d.bootloader != null && !d.bootloader.isBlank()) {
            b.put("bootloader", d.bootloader);
            if (d.bootloaderArgs != null && !d.bootloaderArgs.isBlank()) {
                b.put("bootloader_args", List.of(d.bootloaderArgs.trim().split("\\s+")));
            }
        }
        if (type.equals("pv") && d.os.kernel == null && b.get("bootloader") == null) {
            throw invalid("a PV domain needs <os><kernel> or a <bootloader>");
        }
        // Selects the union member, which is what sets b_info.type; its own fields keep libxl's defaults.
        b.put("type." + type, new LinkedHashMap<String, Object>());
        return b;
    }

    /**
     * The device arrays ({@code disks}, {@code nics}, ...). None are converted yet: refuse the ones a guest
     * would miss, so that a domain is never started without storage or network it was defined with.
     */
    private static void devices(Devices devices, Map<String, Object> config) throws XenHypervisorException {
        if (devices == null) return;
        if (!devices.disk.isEmpty()) throw unsupported("disks");
        if (!devices.interfaces.isEmpty()) throw unsupported("network interfaces");
    }

    /** libvirt's lifecycle action word to {@code libxl_action_on_shutdown}'s name. */
    private static String action(String element, String value, String dflt) throws XenHypervisorException {
        String v = value == null ? dflt : value.trim();
        return switch (v) {
            case "destroy" -> "destroy";
            case "restart" -> "restart";
            case "rename-restart" -> "restart_rename";
            case "preserve" -> "preserve";
            case "coredump-destroy" -> "coredump_destroy";
            case "coredump-restart" -> "coredump_restart";
            default -> throw invalid("unsupported " + element + " action '" + v + "'");
        };
    }

    private static int count(String what, String text, int dflt) throws XenHypervisorException {
        if (text == null) return dflt;
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) throw invalid(what + " must be at least 1: " + n);
            return n;
        } catch (NumberFormatException e) {
            throw invalid("invalid " + what + " count '" + text + "'");
        }
    }

    private static long kib(String value, String unit, String what) throws XenHypervisorException {
        try {
            return Units.toKiB(value, unit, what);
        } catch (DomainXmlException e) {
            throw new XenHypervisorException("EINVAL", e.getMessage(), e);
        }
    }

    private static XenHypervisorException invalid(String message) {
        return new XenHypervisorException("EINVAL", message);
    }

    private static XenHypervisorException unsupported(String what) {
        return new XenHypervisorException("EOPNOTSUPP", "the native Xen backend does not create domains with "
                + what + " yet");
    }

    // JSON output: maps keep insertion order, two-space indentation, so golden files diff readably.

    private static void write(StringBuilder sb, Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            String inner = indent + "  ";
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(inner);
                string(sb, (String) e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), inner);
                sb.append(++i < map.size() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) sb.append(", ");
                write(sb, list.get(i), indent);
            }
            sb.append(']');
        } else if (value instanceof String s) {
            string(sb, s);
        } else {
            sb.append(value);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
