package org.virtd.xml;

import javax.xml.stream.XMLInputFactory;

/**
 * The bounds every domain document is held to before anything is built from it. {@link Libxml2Check} enforces them
 * while it scans, so a hostile document is refused before the JDK parser or JAXB allocates anything for it.
 *
 * <p>Most numbers are libxml2 2.9.14's defaults, because libvirt 9.0 parses without {@code XML_PARSE_HUGE}
 * ({@code virXMLParseHelper} passes only {@code XML_PARSE_NONET | XML_PARSE_NOWARNING}): virtd then refuses what
 * libvirtd refuses, with libxml2's words at libxml2's position. Two are virtd's own, where libvirt has no bound and
 * would spend unbounded time or memory ({@link #MAX_ATTRIBUTES}, {@link #MAX_ENTITY_EXPANSION}); see
 * docs/decisions.md.
 *
 * <p>What is never done at all, so needs no number: external DTDs, external entities (general or parameter) and
 * XInclude are never loaded or processed; a document that uses them is read as libvirt reads it without them.
 */
public final class XmlLimits {
    /**
     * Open elements allowed when a new start tag is read (libxml2's {@code xmlParserMaxDepth}). The element that
     * would be the 258th level is refused: "Excessive depth in document: 256 use XML_PARSE_HUGE option".
     */
    public static final int MAX_DEPTH = 256;

    /**
     * Bytes in one attribute value, one comment, one processing instruction, one CDATA section and one text node
     * built from several pieces (libxml2's {@code XML_MAX_TEXT_LENGTH}).
     */
    public static final int MAX_TEXT_LENGTH = 10_000_000;

    /** Bytes in one name: element, attribute, prefix, PI target, entity (libxml2's {@code XML_MAX_NAME_LENGTH}). */
    public static final int MAX_NAME_LENGTH = 50_000;

    /**
     * Nesting of entity references while their replacement text is parsed, beyond which libxml2 reports "Detected an
     * entity reference loop" (its {@code ctxt->depth > 40} check).
     */
    public static final int MAX_ENTITY_DEPTH = 40;

    /**
     * libxml2's {@code XML_PARSER_NON_LINEAR}: an entity whose expansion holds more than this many references per 3
     * bytes of input read so far is an amplification attack ("Detected an entity reference loop").
     */
    public static final int ENTITY_NON_LINEAR = 10;

    /**
     * virtd's own: attributes on one element. libxml2 has no bound but checks duplicates pairwise, so 200,000
     * attributes (2.6 MB, under the RPC string limit) keep libvirtd busy for about ten minutes; the JDK parser
     * behind the scan stops at the same 10,000 ({@code jdk.xml.elementAttributeLimit}).
     */
    public static final int MAX_ATTRIBUTES = 10_000;

    /**
     * virtd's own: bytes of entity replacement text in the whole document. libvirt keeps entity references as nodes
     * (no {@code XML_PARSE_NOENT}), so a 50 kB entity referenced 1,000 times costs it little; virtd's reader
     * substitutes entities, and libxml2 refuses exactly this when it substitutes (its check on copied entity text at
     * {@link #MAX_TEXT_LENGTH}), with the same message.
     */
    public static final long MAX_ENTITY_EXPANSION = MAX_TEXT_LENGTH;

    /**
     * Sets the JDK reader's own limits so that they never refuse what {@link Libxml2Check} has let through, and
     * still bound what the scan leaves to the reader (parameter entities, entities whose text holds markup). The
     * JDK's defaults changed in JDK 24 (element depth 100, 200 attributes, names of 1,000 bytes, 2,500 entity
     * expansions), which would refuse documents libvirt accepts, and differ by JDK release; these are fixed.
     */
    public static void configure(XMLInputFactory factory) {
        factory.setProperty("jdk.xml.maxElementDepth", MAX_DEPTH + 1);
        factory.setProperty("jdk.xml.elementAttributeLimit", MAX_ATTRIBUTES);
        factory.setProperty("jdk.xml.maxXMLNameLimit", MAX_NAME_LENGTH);
        factory.setProperty("jdk.xml.entityExpansionLimit", MAX_TEXT_LENGTH);
        factory.setProperty("jdk.xml.totalEntitySizeLimit", MAX_TEXT_LENGTH);
        factory.setProperty("jdk.xml.maxGeneralEntitySizeLimit", MAX_TEXT_LENGTH);
        factory.setProperty("jdk.xml.maxParameterEntitySizeLimit", MAX_TEXT_LENGTH);
        factory.setProperty("jdk.xml.entityReplacementLimit", MAX_TEXT_LENGTH);
    }

    private XmlLimits() {
    }
}
