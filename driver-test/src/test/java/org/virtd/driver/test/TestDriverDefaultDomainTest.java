package org.virtd.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/** The test:///default domain built in code is exactly what the driver's parser makes of its XML. */
class TestDriverDefaultDomainTest {
    @Test
    void builtDefaultEqualsTheParsedOne() {
        Domain parsed = TestConnection.parseDefinition(TestDriverState.DEFAULT_DOMAIN_XML);
        Domain built = TestConnection.completeDefinition(TestDriverState.defaultDomain());
        assertEquals(DomainXml.format(parsed, false), DomainXml.format(built, false));
        assertEquals(DomainXml.format(parsed, true), DomainXml.format(built, true));
        // And the same once started (live copy, id): what dumpxml shows.
        parsed.id = 1;
        built.id = 1;
        assertEquals(DomainXml.format(DomainXml.copy(parsed)), DomainXml.format(DomainXml.copy(built)));
    }
}
