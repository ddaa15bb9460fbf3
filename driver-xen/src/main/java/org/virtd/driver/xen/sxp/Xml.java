package org.virtd.driver.xen.sxp;

/** Escaping for the XML text {@link SxprToDomain} builds before handing it to the domain parser. */
final class Xml {
    private Xml() {
    }

    static String attr(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\'' -> sb.append("&apos;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\t' -> sb.append("&#9;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
