package org.virtd.xml.schema;

import java.util.List;

/**
 * What checking one document against a schema found.
 *
 * @param rootElement local name of the document element, {@code null} when the parser stopped before it
 * @param notWellFormed the parser's fatal error when the document is not XML at all ({@code problems} is then
 *        what the validator had objected to before the parser stopped), else {@code null}
 * @param problems the validator's findings in document order; empty for a valid document
 */
public record SchemaReport(String rootElement, SchemaProblem notWellFormed, List<SchemaProblem> problems) {
    public SchemaReport {
        problems = List.copyOf(problems);
    }

    /** True when the document is well formed and matches the schema. */
    public boolean valid() {
        return notWellFormed == null && problems.isEmpty();
    }
}
