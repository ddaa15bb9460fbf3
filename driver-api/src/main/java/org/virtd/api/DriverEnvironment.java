package org.virtd.api;

import java.nio.file.Path;

/**
 * Where drivers keep their files. A daemon with a root directory relocates all of them under it, so
 * several instances can run side by side.
 *
 * @param root the directory every default path is under: {@code /}, or the daemon's relocated root; where a
 *     driver looks for other programs' files it does not own (xenstored's socket and database)
 * @param configDir defined-domain configuration (per driver: {@code configDir/<driver>/})
 * @param stateDir persistent driver state ({@code stateDir/<driver>/})
 * @param runDir runtime state: status files, monitor sockets, pid files ({@code runDir/<driver>/})
 * @param privileged whether the process runs as root (system URIs) or not (session URIs)
 * @param settings driver settings from the daemon's configuration file, by key (e.g. {@code xen_hypervisor})
 */
public record DriverEnvironment(Path root, Path configDir, Path stateDir, Path runDir, boolean privileged,
                                java.util.Map<String, String> settings) {

    public DriverEnvironment {
        settings = java.util.Map.copyOf(settings);
    }

    /** An environment under one base directory, as the embedded default and tests use. */
    public static DriverEnvironment under(Path root, boolean privileged) {
        return new DriverEnvironment(root, root.resolve("etc/virtd"), root.resolve("var/lib/virtd"),
                root.resolve("run/virtd"), privileged, java.util.Map.of());
    }
}
