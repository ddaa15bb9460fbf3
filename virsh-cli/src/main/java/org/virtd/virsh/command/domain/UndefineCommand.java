package org.virtd.virsh.command.domain;

import org.virtd.api.Domain;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code undefine DOMAIN [...]}: virsh first asks whether the domain is active and, for an inactive one, whether
 * it has a managed save image and snapshots, so it can drop flags the server might not know; then
 * UNDEFINE_FLAGS, falling back to the piecewise legacy path when that is refused as unknown.
 */
@Command(name = "undefine", header = "undefine a domain",
        description = "Undefine an inactive domain, or convert persistent to transient.")
public final class UndefineCommand implements VshCommand {
    private static final int SNAPSHOT_LIST_METADATA = 1 << 1;

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--managed-save", description = "remove domain managed state file")
    boolean managedSave;

    @Option(names = "--storage", paramLabel = OptionType.LABEL_STRING,
            description = "remove associated storage volumes (comma separated list of targets or source paths) (see domblklist)")
    String storage;

    @Option(names = "--remove-all-storage", description = "remove all associated storage volumes (use with caution)")
    boolean removeAllStorage;

    @Option(names = {"--delete-storage-volume-snapshots", "--delete-snapshots"},
            description = "delete snapshots associated with volume(s), requires --remove-all-storage (must be supported by storage driver)")
    boolean deleteSnapshots;

    @Option(names = "--wipe-storage", description = "wipe data on the removed volumes")
    boolean wipeStorage;

    @Option(names = "--snapshots-metadata", description = "remove all domain snapshot metadata (vm must be inactive)")
    boolean snapshotsMetadata;

    @Option(names = "--checkpoints-metadata",
            description = "remove all domain checkpoint metadata (vm must be inactive)")
    boolean checkpointsMetadata;

    @Option(names = "--nvram", description = "remove nvram file")
    boolean nvram;

    @Option(names = "--keep-nvram", description = "keep nvram file")
    boolean keepNvram;

    @Option(names = "--tpm", description = "remove TPM state")
    boolean tpm;

    @Option(names = "--keep-tpm", description = "keep TPM state")
    boolean keepTpm;

    @Override
    public boolean run(Virsh ctl) {
        ctl.require("delete-storage-volume-snapshots", deleteSnapshots, "remove-all-storage", removeAllStorage);
        ctl.exclusive("nvram", "keep-nvram");
        ctl.exclusive("tpm", "keep-tpm");
        String volumes;
        try {
            volumes = ctl.optStringQuiet("storage");
        } catch (RuntimeException e) {
            volumes = null;
        }
        if (volumes == null && !removeAllStorage && wipeStorage) {
            throw ctl.fail("'--wipe-storage' requires '--storage <string>' or '--remove-all-storage'");
        }
        int flags = 0;
        boolean managedSaveSafe = false;
        boolean snapshotsSafe = false;
        if (managedSave) {
            flags |= Flags.UNDEFINE_MANAGED_SAVE;
            managedSaveSafe = true;
        }
        if (snapshotsMetadata) {
            flags |= Flags.UNDEFINE_SNAPSHOTS_METADATA;
            snapshotsSafe = true;
        }
        flags |= checkpointsMetadata ? Flags.UNDEFINE_CHECKPOINTS_METADATA : 0;
        flags |= nvram ? Flags.UNDEFINE_NVRAM : 0;
        flags |= keepNvram ? Flags.UNDEFINE_KEEP_NVRAM : 0;
        flags |= tpm ? Flags.UNDEFINE_TPM : 0;
        flags |= keepTpm ? Flags.UNDEFINE_KEEP_TPM : 0;

        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        boolean running = dom.isActive();
        boolean hasManagedSave = false;
        int snapshots = 0;
        int snapshotsWithMetadata = 0;
        if (!running) {
            try {
                hasManagedSave = dom.hasManagedSaveImage(0);
            } catch (VirException e) {
                if (e.code() != VirErrorCode.NO_SUPPORT.wireValue()) {
                    throw e;
                }
            }
            try {
                snapshots = dom.snapshotNum(0);
            } catch (VirException e) {
                if (e.code() != VirErrorCode.NO_SUPPORT.wireValue()) {
                    throw e;
                }
            }
            if (snapshots != 0) {
                try {
                    snapshotsWithMetadata = dom.snapshotNum(SNAPSHOT_LIST_METADATA);
                    managedSaveSafe = true;
                    snapshotsSafe = true;
                } catch (VirException e) {
                    snapshotsWithMetadata = snapshots;
                }
            }
        }
        if (!hasManagedSave) {
            flags &= ~Flags.UNDEFINE_MANAGED_SAVE;
            managedSaveSafe = true;
        }
        if (snapshots == 0) {
            snapshotsSafe = true;
        }
        if (snapshotsWithMetadata == 0) {
            flags &= ~Flags.UNDEFINE_SNAPSHOTS_METADATA;
            snapshotsSafe = true;
        }
        if (volumes != null || removeAllStorage) {
            if (running) {
                throw ctl.fail("Storage volume deletion is supported only on stopped domains");
            }
            if (volumes != null && removeAllStorage) {
                throw ctl.fail("Specified both --storage and --remove-all-storage");
            }
            throw ctl.fail("--storage and --remove-all-storage are not supported by this virsh yet");
        }
        boolean done = false;
        if ((managedSaveSafe && snapshotsSafe) || nvram) {
            try {
                dom.undefineFlags(flags);
                done = true;
            } catch (VirException e) {
                if (nvram || (e.code() != VirErrorCode.NO_SUPPORT.wireValue()
                        && e.code() != VirErrorCode.INVALID_ARG.wireValue())) {
                    throw ctl.fail(e, "Failed to undefine domain '" + name + "'");
                }
            }
        }
        if (!done) {
            if (hasManagedSave && !managedSave) {
                throw ctl.fail("Refusing to undefine while domain managed save image exists");
            }
            if (snapshotsWithMetadata != 0) {
                throw ctl.fail(snapshotsMetadata
                        ? "Unable to remove metadata of " + snapshotsWithMetadata + " snapshots"
                        : "Refusing to undefine while " + snapshotsWithMetadata + " snapshots exist");
            }
            try {
                dom.undefine();
            } catch (VirException e) {
                throw ctl.fail(e, "Failed to undefine domain '" + name + "'");
            }
        }
        ctl.printExtra("Domain '" + name + "' has been undefined\n");
        return true;
    }
}
