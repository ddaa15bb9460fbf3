package org.virtd.xml.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says a Jing finding in libxml2's words where the two validators mean the same thing, so that the commonest
 * mistakes (an unknown element, an unknown or invalid attribute, a missing required element) read as libvirt and
 * xmllint print them. Everything else keeps Jing's text: libxml2's other messages depend on how its own matcher
 * walked the schema ("Invalid sequence in interleave", "Extra element X in interleave", ...), which Jing does not
 * reproduce.
 */
final class Libxml2Wording {
    private static final Pattern ROOT_MISMATCH =
            Pattern.compile("element \"([^\"]*)\" not allowed (?:here|anywhere); expected element \"([^\"]*)\"");
    private static final Pattern ELEMENT_NOT_ALLOWED = Pattern.compile("element \"[^\"]*\" not allowed ");
    private static final Pattern BAD_ATTRIBUTE = Pattern.compile("(?:attribute \"([^\"]*)\" not allowed"
            + "|value of attribute \"([^\"]*)\" is invalid|found attribute \"([^\"]*)\", but no attributes allowed)");
    private static final Pattern MISSING_ELEMENT =
            Pattern.compile("element \"[^\"]*\" incomplete; missing required element \"([^\"]*)\"$");

    private Libxml2Wording() {
    }

    static String of(SchemaProblem p) {
        String m = p.message();
        Matcher x;
        if (p.parent() == null && (x = ROOT_MISMATCH.matcher(m)).matches()) {
            return "Expecting element " + local(x.group(2)) + ", got " + local(x.group(1));
        }
        if (p.parent() != null && p.element() != null && ELEMENT_NOT_ALLOWED.matcher(m).lookingAt()) {
            return "Element " + p.parent() + " has extra content: " + p.element();
        }
        if (p.element() != null && (x = BAD_ATTRIBUTE.matcher(m)).lookingAt()) {
            String attr = x.group(1) != null ? x.group(1) : x.group(2) != null ? x.group(2) : x.group(3);
            return "Invalid attribute " + local(attr) + " for element " + p.element();
        }
        if ((x = MISSING_ELEMENT.matcher(m)).matches()) {
            return "Expecting an element " + local(x.group(1)) + ", got nothing";
        }
        return m;
    }

    /** libxml2 names nodes without their prefix. */
    private static String local(String qname) {
        return qname.substring(qname.indexOf(':') + 1);
    }
}
