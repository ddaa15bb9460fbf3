package org.virtd.virsh.format;

import java.util.ArrayList;
import java.util.List;

/**
 * virsh's text table: a header row, a dashed line as wide as the columns plus three per column, then rows; each
 * cell is preceded by a space and followed by padding to the column width plus two spaces (not after the last).
 * Control characters are printed as {@code \xNN}, as virsh does.
 */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        rows.add(encode(header));
    }

    public void add(String... cells) {
        if (cells.length != rows.get(0).length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + rows.get(0).length);
        }
        rows.add(encode(cells));
    }

    private static String[] encode(String[] cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            StringBuilder b = new StringBuilder();
            for (char c : cells[i].toCharArray()) {
                if (c < 0x20 || c == 0x7f) {
                    b.append(String.format("\\x%02x", (int) c));
                } else {
                    b.append(c);
                }
            }
            out[i] = b.toString();
        }
        return out;
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The table with its header. */
    public String format() {
        int n = rows.get(0).length;
        int[] max = new int[n];
        for (String[] r : rows) {
            for (int j = 0; j < n; j++) {
                max[j] = Math.max(max[j], width(r[j]));
            }
        }
        StringBuilder b = new StringBuilder();
        row(b, rows.get(0), max);
        for (int j = 0; j < n; j++) {
            b.append("-".repeat(max[j] + 3));
        }
        b.append('\n');
        for (String[] r : rows.subList(1, rows.size())) {
            row(b, r, max);
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String[] cells, int[] max) {
        for (int j = 0; j < cells.length; j++) {
            b.append(' ').append(cells[j]);
            if (j < cells.length - 1) {
                b.append(" ".repeat(max[j] - width(cells[j]) + 2));
            }
        }
        b.append('\n');
    }
}
