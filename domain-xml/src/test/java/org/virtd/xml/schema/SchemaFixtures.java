package org.virtd.xml.schema;

import java.nio.file.Path;

/**
 * Where the tests find libvirt 9.0's schemas and corpus: {@code shared/conformance/libvirt-9.0.0} under the
 * directory the parent pom passes as {@code virtd.shared.dir} (default {@code /work/shared}). Never committed here:
 * they are libvirt's files.
 */
final class SchemaFixtures {
    static final Path SHARED = Path.of(System.getProperty("virtd.shared.dir", "/work/shared")).toAbsolutePath()
            .normalize();
    static final Path CONFORMANCE = SHARED.resolve("conformance/libvirt-9.0.0");
    static final Path SCHEMA_DIR = CONFORMANCE.resolve("domainschema");

    private SchemaFixtures() {
    }
}
