package org.virtd.daemon.config;

/**
 * One {@code name = value} assignment.
 *
 * @param name the key as written
 * @param value the parsed value
 * @param line the 1-based line on which the key starts
 */
public record ConfEntry(String name, ConfValue value, int line) {
}
