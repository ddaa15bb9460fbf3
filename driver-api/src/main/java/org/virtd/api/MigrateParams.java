package org.virtd.api;

/**
 * libvirt's {@code VIR_MIGRATE_PARAM_*} typed-parameter names for {@link Domain#migrate3} and
 * {@link Domain#migrateToUri3}, and the {@code virDomainMigrateFlags} bits.
 */
public final class MigrateParams {
    private MigrateParams() {
    }

    public static final String URI = "migrate_uri";
    public static final String DEST_NAME = "destination_name";
    public static final String DEST_XML = "destination_xml";
    public static final String PERSIST_XML = "persistent_xml";
    public static final String BANDWIDTH = "bandwidth";
    public static final String BANDWIDTH_POSTCOPY = "bandwidth.postcopy";
    public static final String GRAPHICS_URI = "graphics_uri";
    public static final String LISTEN_ADDRESS = "listen_address";
    public static final String MIGRATE_DISKS = "migrate_disks";
    public static final String DISKS_PORT = "disks_port";
    public static final String DISKS_URI = "disks_uri";
    public static final String COMPRESSION = "compression";
    public static final String COMPRESSION_MT_LEVEL = "compression.mt.level";
    public static final String COMPRESSION_MT_THREADS = "compression.mt.threads";
    public static final String COMPRESSION_MT_DTHREADS = "compression.mt.dthreads";
    public static final String COMPRESSION_XBZRLE_CACHE = "compression.xbzrle.cache";
    public static final String AUTO_CONVERGE_INITIAL = "auto_converge.initial";
    public static final String AUTO_CONVERGE_INCREMENT = "auto_converge.increment";
    public static final String PARALLEL_CONNECTIONS = "parallel.connections";
    public static final String TLS_DESTINATION = "tls.destination";

    public static final int LIVE = 1;
    public static final int PEER2PEER = 1 << 1;
    public static final int TUNNELLED = 1 << 2;
    public static final int PERSIST_DEST = 1 << 3;
    public static final int UNDEFINE_SOURCE = 1 << 4;
    public static final int PAUSED = 1 << 5;
    public static final int NON_SHARED_DISK = 1 << 6;
    public static final int NON_SHARED_INC = 1 << 7;
    public static final int CHANGE_PROTECTION = 1 << 8;
    public static final int UNSAFE = 1 << 9;
    public static final int OFFLINE = 1 << 10;
    public static final int COMPRESSED = 1 << 11;
    public static final int ABORT_ON_ERROR = 1 << 12;
    public static final int AUTO_CONVERGE = 1 << 13;
    public static final int RDMA_PIN_ALL = 1 << 14;
    public static final int POSTCOPY = 1 << 15;
    public static final int TLS = 1 << 16;
    public static final int PARALLEL = 1 << 17;
    public static final int NON_SHARED_SYNCHRONOUS_WRITES = 1 << 18;
    public static final int POSTCOPY_RESUME = 1 << 19;
    public static final int ZEROCOPY = 1 << 20;
}
