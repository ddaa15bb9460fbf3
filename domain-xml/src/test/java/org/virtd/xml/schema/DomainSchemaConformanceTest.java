package org.virtd.xml.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * libvirt's virschematest rule over its own data: every file listed in {@code domainschema/SCHEMA_CASES.txt} must
 * give the listed outcome against {@code domainschema/domain.rng} (1,845 valid, 24 invalid in libvirt 9.0). One
 * test over the whole list, with one compiled schema, so that a failure report names every wrong file at once.
 */
class DomainSchemaConformanceTest {
    private static final Path CASES = SchemaFixtures.SCHEMA_DIR.resolve("SCHEMA_CASES.txt");

    @Test
    void everyListedFileGivesLibvirtsOutcome() throws IOException {
        assertTrue(Files.isRegularFile(CASES), "missing " + CASES + " (set -Dvirtd.shared.dir)");
        DomainSchema schema = DomainSchema.in(SchemaFixtures.SCHEMA_DIR);
        int valid = 0;
        int invalid = 0;
        List<String> wrong = new ArrayList<>();
        for (String row : Files.readAllLines(CASES, StandardCharsets.UTF_8)) {
            if (row.startsWith("#") || row.isBlank() || row.startsWith("file\t")) {
                continue;
            }
            String[] cols = row.split("\t");
            boolean expectValid = switch (cols[1]) {
                case "valid" -> true;
                case "invalid" -> false;
                default -> throw new AssertionError("bad expectation in row: " + row);
            };
            Path file = SchemaFixtures.CONFORMANCE.resolve(cols[0]);
            SchemaReport report = schema.check(Files.readString(file, StandardCharsets.UTF_8));
            if (report.valid() != expectValid) {
                wrong.add(cols[0] + " expected " + cols[1] + ": " + (report.notWellFormed() != null
                        ? report.notWellFormed() : report.problems()));
            }
            if (expectValid) {
                valid++;
            } else {
                invalid++;
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(1845, valid, "must-pass cases");
        assertEquals(24, invalid, "must-fail cases");
    }
}
