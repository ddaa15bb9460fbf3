package org.virtd.virsh.command.monitor;

import org.virtd.api.Domain;
import org.virtd.api.DomainBlockStats;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.VshOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code domblkstat DOMAIN [DEVICE] [--human]}: a disk's I/O counters (all disks when DEVICE is empty or
 * missing). virsh asks virDomainBlockStatsFlags first and falls back to virDomainBlockStats when the driver lacks
 * it; the public API has only the latter so far, which is what virsh prints from for every driver without the
 * typed-parameter call (the test driver among them).
 */
@Command(name = "domblkstat", header = "get device block stats for a domain",
        description = "Get device block stats for a running domain. See man page or use --human for explanation of fields")
public final class DomblkstatCommand implements VshCommand {
    private static final String[] LEGACY = {"rd_req", "rd_bytes", "wr_req", "wr_bytes", "errs"};
    private static final String[] HUMAN = {
        "number of read operations:", "number of bytes read:", "number of write operations:",
        "number of bytes written:", "error count:",
    };

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @VshOption(emptyOk = true)
    @Option(names = "--device", paramLabel = OptionType.LABEL_STRING, description = "block device")
    String device;

    @Option(names = "--human", description = "print a more human readable output")
    boolean human;

    @Override
    public boolean run(Virsh ctl) {
        Domain dom = ctl.commandOptDomain();
        String name = ctl.optStringReq("domain");
        String dev = ctl.optStringReq("device");
        if (dev == null) {
            dev = "";
        }
        DomainBlockStats stats;
        try {
            stats = dom.blockStats(dev);
        } catch (VirException e) {
            throw ctl.fail(e, "Failed to get block stats " + name + " " + dev);
        }
        String prefix = dev;
        if (human) {
            ctl.print("Device: " + dev + "\n");
            prefix = "";
        }
        long[] values = {stats.rdReq(), stats.rdBytes(), stats.wrReq(), stats.wrBytes(), stats.errs()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0) {
                ctl.printf("%s %-" + (human ? 31 : 1) + "s %d\n", prefix, human ? HUMAN[i] : LEGACY[i], values[i]);
            }
        }
        return true;
    }
}
