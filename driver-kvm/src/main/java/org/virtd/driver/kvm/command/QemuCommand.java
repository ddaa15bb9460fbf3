package org.virtd.driver.kvm.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built QEMU launch: the environment (complete: the driver starts QEMU with exactly this, nothing inherited)
 * and the argv, binary first.
 */
public record QemuCommand(Map<String, String> env, List<String> argv) {

    public QemuCommand {
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        argv = List.copyOf(argv);
    }

    /**
     * libvirt's test rendering ({@code *.args} files): one {@code NAME=value} per line, then the binary, then
     * each option with its value on one line, lines joined by {@code " \\\n"}, shell quoting where needed.
     */
    public String toArgsString() {
        List<String> lines = new ArrayList<>();
        env.forEach((k, v) -> lines.add(k + "=" + shellQuote(v)));
        StringBuilder cur = null;
        for (int i = 0; i < argv.size(); i++) {
            String a = shellQuote(argv.get(i));
            if (i == 0 || argv.get(i).startsWith("-") || cur == null) {
                if (cur != null) {
                    lines.add(cur.toString());
                }
                cur = new StringBuilder(a);
                if (i == 0) {
                    lines.add(cur.toString());
                    cur = null;
                }
            } else {
                cur.append(' ').append(a);
                lines.add(cur.toString());
                cur = null;
            }
        }
        if (cur != null) {
            lines.add(cur.toString());
        }
        return String.join(" \\\n", lines);
    }

    private static final String SPECIAL = "\"' \t\n\\$`&|;<>()*?[]~#{}!";

    static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            needs = SPECIAL.indexOf(s.charAt(i)) >= 0;
        }
        if (!needs) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
