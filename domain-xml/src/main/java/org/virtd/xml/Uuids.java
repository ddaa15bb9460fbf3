package org.virtd.xml;

import java.util.UUID;

/** libvirt's UUID text rules: 32 hex digits, optionally separated by dashes and surrounded by spaces. */
public final class Uuids {
    private Uuids() {
    }

    /** The UUID written in {@code text}, or null when libvirt would call it malformed. */
    public static UUID parse(String text) {
        String t = text.strip();
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0 || hex.length() == 32) {
                return null;
            }
            hex.append(c);
        }
        if (hex.length() != 32) {
            return null;
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }
}
