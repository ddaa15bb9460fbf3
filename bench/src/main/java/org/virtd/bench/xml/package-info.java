/**
 * JMH micro-benchmarks of domain XML parse and format (domain-xml), run by {@code bin/bench-xml}, never by the
 * build's tests.
 */
package org.virtd.bench.xml;
