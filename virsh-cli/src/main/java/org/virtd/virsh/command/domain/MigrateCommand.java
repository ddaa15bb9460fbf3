package org.virtd.virsh.command.domain;

import java.util.ArrayList;
import java.util.List;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.DomainEventId;
import org.virtd.api.MigrateParams;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirException;
import org.virtd.virsh.CommandFailed;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate DOMAIN DESTURI [...]}: virsh 9.0's option checks, then the typed parameters and flags built in
 * virsh's order, then virDomainMigrateToURI3 ({@code --p2p}, {@code --direct}) or virDomainMigrate3 on a second
 * connection to DESTURI opened first, as virsh does.
 */
@Command(name = "migrate", header = "migrate domain to another host",
        description = "Migrate domain to another host.  Add --live for live migration.")
public final class MigrateCommand implements VshCommand {
    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--desturi", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "connection URI of the destination host as seen from the client(normal migration) or"
                    + " source(p2p migration)")
    String desturi;

    @Option(names = "--live", description = "live migration") boolean live;
    @Option(names = "--offline", description = "offline migration") boolean offline;
    @Option(names = "--p2p", description = "peer-2-peer migration") boolean p2p;
    @Option(names = "--direct", description = "direct migration") boolean direct;
    @Option(names = {"--tunnelled", "--tunneled"}, description = "tunnelled migration") boolean tunnelled;
    @Option(names = "--persistent", description = "persist VM on destination") boolean persistent;
    @Option(names = "--undefinesource", description = "undefine VM on source") boolean undefinesource;
    @Option(names = "--suspend", description = "do not restart the domain on the destination host") boolean suspend;
    @Option(names = "--copy-storage-all", description = "migration with non-shared storage with full disk copy")
    boolean copyStorageAll;
    @Option(names = "--copy-storage-inc", description = "migration with non-shared storage with incremental copy"
            + " (same base image shared between source and destination)")
    boolean copyStorageInc;
    @Option(names = "--copy-storage-synchronous-writes", description = "force guest disk writes to be synchronously"
            + " written to the destination to improve storage migration convergence")
    boolean copyStorageSynchronousWrites;
    @Option(names = "--change-protection",
            description = "prevent any configuration changes to domain until migration ends")
    boolean changeProtection;
    @Option(names = "--unsafe", description = "force migration even if it may be unsafe") boolean unsafe;
    @Option(names = "--verbose", description = "display the progress of migration") boolean verbose;
    @Option(names = "--compressed", description = "compress repeated pages during live migration")
    boolean compressed;
    @Option(names = "--auto-converge", description = "force convergence during live migration")
    boolean autoConverge;
    @Option(names = "--rdma-pin-all", description = "pin all memory before starting RDMA live migration")
    boolean rdmaPinAll;
    @Option(names = "--abort-on-error", description = "abort on soft errors during migration") boolean abortOnError;
    @Option(names = "--postcopy",
            description = "enable post-copy migration; switch to it using migrate-postcopy command")
    boolean postcopy;
    @Option(names = "--postcopy-after-precopy",
            description = "automatically switch to post-copy migration after one pass of pre-copy")
    boolean postcopyAfterPrecopy;
    @Option(names = "--postcopy-resume", description = "resume failed post-copy migration") boolean postcopyResume;
    @Option(names = "--zerocopy", description = "use zero-copy mechanism for migrating memory pages")
    boolean zerocopy;
    @Option(names = "--migrateuri", paramLabel = OptionType.LABEL_STRING,
            description = "migration URI, usually can be omitted")
    String migrateuri;
    @Option(names = "--graphicsuri", paramLabel = OptionType.LABEL_STRING,
            description = "graphics URI to be used for seamless graphics migration")
    String graphicsuri;
    @Option(names = "--listen-address", paramLabel = OptionType.LABEL_STRING,
            description = "listen address that destination should bind to for incoming migration")
    String listenAddress;
    @Option(names = "--dname", paramLabel = OptionType.LABEL_STRING,
            description = "rename to new name during migration (if supported)")
    String dname;
    @Option(names = "--timeout", paramLabel = OptionType.LABEL_INT, description = "run action specified by"
            + " --timeout-* option (suspend by default) if live migration exceeds timeout (in seconds)")
    String timeout;
    @Option(names = "--timeout-suspend", description = "suspend the guest after timeout") boolean timeoutSuspend;
    @Option(names = "--timeout-postcopy", description = "switch to post-copy after timeout") boolean timeoutPostcopy;
    @Option(names = "--xml", paramLabel = OptionType.LABEL_STRING,
            description = "filename containing updated XML for the target")
    String xml;
    @Option(names = "--migrate-disks", paramLabel = OptionType.LABEL_STRING,
            description = "comma separated list of disks to be migrated")
    String migrateDisks;
    @Option(names = "--disks-port", paramLabel = OptionType.LABEL_INT,
            description = "port to use by target server for incoming disks migration")
    String disksPort;
    @Option(names = "--disks-uri", paramLabel = OptionType.LABEL_STRING,
            description = "URI to use for disks migration (overrides --disks-port)")
    String disksUri;
    @Option(names = "--comp-methods", paramLabel = OptionType.LABEL_STRING,
            description = "comma separated list of compression methods to be used")
    String compMethods;
    @Option(names = "--comp-mt-level", paramLabel = OptionType.LABEL_INT,
            description = "compress level for multithread compression")
    String compMtLevel;
    @Option(names = "--comp-mt-threads", paramLabel = OptionType.LABEL_INT,
            description = "number of compression threads for multithread compression")
    String compMtThreads;
    @Option(names = "--comp-mt-dthreads", paramLabel = OptionType.LABEL_INT,
            description = "number of decompression threads for multithread compression")
    String compMtDthreads;
    @Option(names = "--comp-xbzrle-cache", paramLabel = OptionType.LABEL_INT,
            description = "page cache size for xbzrle compression")
    String compXbzrleCache;
    @Option(names = "--auto-converge-initial", paramLabel = OptionType.LABEL_INT,
            description = "initial CPU throttling rate for auto-convergence")
    String autoConvergeInitial;
    @Option(names = "--auto-converge-increment", paramLabel = OptionType.LABEL_INT,
            description = "CPU throttling rate increment for auto-convergence")
    String autoConvergeIncrement;
    @Option(names = "--persistent-xml", paramLabel = OptionType.LABEL_STRING,
            description = "filename containing updated persistent XML for the target")
    String persistentXml;
    @Option(names = "--tls", description = "use TLS for migration") boolean tls;
    @Option(names = "--postcopy-bandwidth", paramLabel = OptionType.LABEL_INT,
            description = "post-copy migration bandwidth limit in MiB/s")
    String postcopyBandwidth;
    @Option(names = "--parallel", description = "enable parallel migration") boolean parallel;
    @Option(names = "--parallel-connections", paramLabel = OptionType.LABEL_INT,
            description = "number of connections for parallel migration")
    String parallelConnections;
    @Option(names = "--bandwidth", paramLabel = OptionType.LABEL_INT, description = "migration bandwidth limit in MiB/s")
    String bandwidth;
    @Option(names = "--tls-destination", paramLabel = OptionType.LABEL_STRING,
            description = "override the destination host name used for TLS verification")
    String tlsDestination;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("live", "offline");
        ctl.exclusive("timeout-suspend", "timeout-postcopy");
        ctl.require("postcopy-after-precopy", postcopyAfterPrecopy, "postcopy", postcopy);
        ctl.require("postcopy-resume", postcopyResume, "postcopy", postcopy);
        ctl.require("timeout-postcopy", timeoutPostcopy, "postcopy", postcopy);
        ctl.require("persistent-xml", ctl.has("persistent-xml"), "persistent", persistent);
        ctl.require("tls-destination", ctl.has("tls-destination"), "tls", tls);
        Domain dom = ctl.commandOptDomain();
        Long t = ctl.optUInt("timeout");
        long timeoutSecs = t == null ? 0 : t;
        if (timeoutSecs > 0 && !live) {
            throw ctl.fail("migrate: Unexpected timeout for offline migration");
        }
        if (timeoutSecs == 0 && (timeoutSuspend || timeoutPostcopy)) {
            throw ctl.fail("migrate: Unexpected --timeout-* option without --timeout");
        }
        Connect conn = ctl.conn();
        int iterationCallback = -1;
        Connect dconn = null;
        try {
            if (postcopyAfterPrecopy) {
                // virsh switches to post-copy from this event; the migration itself decides whether it comes.
                iterationCallback = conn.domainEventRegisterAny(dom,
                        DomainEventId.MIGRATION_ITERATION.ordinal(), (id, ev) -> { });
            }
            if (!p2p && !direct) {
                dconn = ctl.openConnection(ctl.optStringReq("desturi"), false);
            }
            migrate(ctl, dconn);
            return true;
        } finally {
            if (dconn != null) {
                dconn.close();
            }
            if (iterationCallback != -1) {
                conn.domainEventDeregisterAny(iterationCallback);
            }
        }
    }

    /** virsh's migration worker: looks the domain up again, builds the parameters and flags, migrates. */
    private void migrate(Virsh ctl, Connect dconn) {
        Domain dom = ctl.commandOptDomain();
        String dest = ctl.optStringReq("desturi");
        List<TypedParameter> params = new ArrayList<>();
        addString(ctl, params, "migrateuri", MigrateParams.URI);
        addString(ctl, params, "graphicsuri", MigrateParams.GRAPHICS_URI);
        addString(ctl, params, "listen-address", MigrateParams.LISTEN_ADDRESS);
        Integer port = ctl.optInt("disks-port");
        if (port != null && port != 0) {
            params.add(new TypedParameter.Int(MigrateParams.DISKS_PORT, port));
        }
        addString(ctl, params, "disks-uri", MigrateParams.DISKS_URI);
        addString(ctl, params, "dname", MigrateParams.DEST_NAME);
        addList(ctl, params, "migrate-disks", MigrateParams.MIGRATE_DISKS);
        addList(ctl, params, "comp-methods", MigrateParams.COMPRESSION);
        addInt(ctl, params, "comp-mt-level", MigrateParams.COMPRESSION_MT_LEVEL);
        addInt(ctl, params, "comp-mt-threads", MigrateParams.COMPRESSION_MT_THREADS);
        addInt(ctl, params, "comp-mt-dthreads", MigrateParams.COMPRESSION_MT_DTHREADS);
        addULLong(ctl, params, "comp-xbzrle-cache", MigrateParams.COMPRESSION_XBZRLE_CACHE);
        addFile(ctl, params, "xml", MigrateParams.DEST_XML);
        addFile(ctl, params, "persistent-xml", MigrateParams.PERSIST_XML);
        addInt(ctl, params, "auto-converge-initial", MigrateParams.AUTO_CONVERGE_INITIAL);
        addInt(ctl, params, "auto-converge-increment", MigrateParams.AUTO_CONVERGE_INCREMENT);
        addULLong(ctl, params, "postcopy-bandwidth", MigrateParams.BANDWIDTH_POSTCOPY);
        addInt(ctl, params, "parallel-connections", MigrateParams.PARALLEL_CONNECTIONS);
        addULLong(ctl, params, "bandwidth", MigrateParams.BANDWIDTH);
        addString(ctl, params, "tls-destination", MigrateParams.TLS_DESTINATION);

        int flags = bit(live, MigrateParams.LIVE) | bit(p2p, MigrateParams.PEER2PEER)
                | bit(tunnelled, MigrateParams.TUNNELLED) | bit(persistent, MigrateParams.PERSIST_DEST)
                | bit(undefinesource, MigrateParams.UNDEFINE_SOURCE) | bit(suspend, MigrateParams.PAUSED)
                | bit(copyStorageAll, MigrateParams.NON_SHARED_DISK)
                | bit(copyStorageInc, MigrateParams.NON_SHARED_INC);
        if (copyStorageSynchronousWrites) {
            if ((flags & (MigrateParams.NON_SHARED_DISK | MigrateParams.NON_SHARED_INC)) == 0) {
                throw ctl.fail("'--copy-storage-synchronous-writes' requires one of '--copy-storage-all',"
                        + " 'copy-storage-inc'");
            }
            flags |= MigrateParams.NON_SHARED_SYNCHRONOUS_WRITES;
        }
        flags |= bit(changeProtection, MigrateParams.CHANGE_PROTECTION) | bit(unsafe, MigrateParams.UNSAFE)
                | bit(compressed, MigrateParams.COMPRESSED) | bit(autoConverge, MigrateParams.AUTO_CONVERGE)
                | bit(rdmaPinAll, MigrateParams.RDMA_PIN_ALL) | bit(offline, MigrateParams.OFFLINE)
                | bit(abortOnError, MigrateParams.ABORT_ON_ERROR) | bit(postcopy, MigrateParams.POSTCOPY)
                | bit(postcopyResume, MigrateParams.POSTCOPY_RESUME) | bit(zerocopy, MigrateParams.ZEROCOPY)
                | bit(tls, MigrateParams.TLS) | bit(parallel, MigrateParams.PARALLEL);

        if ((flags & MigrateParams.PEER2PEER) != 0 || direct) {
            dom.migrateToUri3(dest, params, flags);
        } else {
            dom.migrate3(dconn, params, flags);
        }
    }

    private static int bit(boolean set, int bit) {
        return set ? bit : 0;
    }

    private static void addString(Virsh ctl, List<TypedParameter> params, String option, String name) {
        String v = ctl.optStringReq(option);
        if (v != null) {
            params.add(new TypedParameter.Str(name, v));
        }
    }

    /** A comma-separated option as one string parameter per item (virTypedParamsAddStringList). */
    private static void addList(Virsh ctl, List<TypedParameter> params, String option, String name) {
        String v = ctl.optStringReq(option);
        if (v != null) {
            for (String item : v.split(",", -1)) {
                params.add(new TypedParameter.Str(name, item));
            }
        }
    }

    private static void addInt(Virsh ctl, List<TypedParameter> params, String option, String name) {
        Integer v = ctl.optInt(option);
        if (v != null) {
            params.add(new TypedParameter.Int(name, v));
        }
    }

    private static void addULLong(Virsh ctl, List<TypedParameter> params, String option, String name) {
        Long v = ctl.optULongLong(option);
        if (v != null) {
            params.add(new TypedParameter.ULLong(name, v));
        }
    }

    private static void addFile(Virsh ctl, List<TypedParameter> params, String option, String name) {
        String file = ctl.optStringReq(option);
        if (file == null) {
            return;
        }
        String content;
        try {
            content = XmlFiles.read(ctl, file);
        } catch (CommandFailed e) {
            VirException cause = ctl.lastError();
            ctl.error("cannot read file '" + file + "'");
            ctl.saveError(cause);
            throw e;
        }
        params.add(new TypedParameter.Str(name, content));
    }
}
