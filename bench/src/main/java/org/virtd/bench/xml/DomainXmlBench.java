package org.virtd.bench.xml;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/**
 * One {@code define}'s worth of XML work: {@link DomainXml#parse} (well-formedness scan, JDK reader, JAXB, parse-time
 * checks) then {@link DomainXml#format}, of the test driver's {@code test} domain and of a generated domain with 100
 * devices. Run with {@code bin/bench-xml}; {@code -prof gc} adds the bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DomainXmlBench {
    @Param({"small", "devices100"})
    public String document;

    private String xml;

    @Setup
    public void setUp() {
        xml = switch (document) {
            case "small" -> DomainDocuments.small();
            case "devices100" -> DomainDocuments.withDevices(100);
            default -> throw new IllegalArgumentException(document);
        };
        // A document that does not round-trip would measure an error path, not parse+format.
        String once = DomainXml.format(DomainXml.parse(xml));
        if (!once.equals(DomainXml.format(DomainXml.parse(once)))) {
            throw new IllegalStateException("document does not round-trip: " + document);
        }
    }

    @Benchmark
    public String parseFormat() {
        Domain d = DomainXml.parse(xml);
        return DomainXml.format(d);
    }

    @Benchmark
    public Domain parse() {
        return DomainXml.parse(xml);
    }
}
