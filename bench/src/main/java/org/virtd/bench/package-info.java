/**
 * Benchmarks that compare virtd with a real libvirtd on the same machine, with the same client code.
 * Run by {@code bin/bench}; nothing here is a test or runs during the build.
 */
package org.virtd.bench;
