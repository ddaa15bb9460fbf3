package org.virtd.xml.schema;

/**
 * One finding of a Relax NG check.
 *
 * @param line the line of the start tag of {@code element} (libxml2 reports a finding at its element's line), or
 *        the parser's line where there is no element; -1 when unknown
 * @param element local name of the element the finding is about ({@code null} at document level)
 * @param parent local name of that element's parent ({@code null} for the root)
 * @param message Jing's text
 */
public record SchemaProblem(int line, String element, String parent, String message) {
}
