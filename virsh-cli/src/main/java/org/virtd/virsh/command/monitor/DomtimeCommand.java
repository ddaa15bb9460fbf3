package org.virtd.virsh.command.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.virtd.api.Domain;
import org.virtd.api.DomainTime;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code domtime DOMAIN [--now | --sync | --time SECONDS] [--pretty]}: gets or sets the guest's clock. */
@Command(name = "domtime", header = "domain time", description = "Gets or sets the domain's system time")
public final class DomtimeCommand implements VshCommand {
    private static final DateTimeFormatter PRETTY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--now", description = "set to the time of the host running virsh")
    boolean now;

    @Option(names = "--pretty", description = "print domain's time in human readable form")
    boolean pretty;

    @Option(names = "--sync", description = "instead of setting given time, synchronize from domain's RTC")
    boolean sync;

    @Option(names = "--time", paramLabel = OptionType.LABEL_INT, description = "time to set")
    String time;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("time", "now");
        ctl.exclusive("time", "sync");
        ctl.exclusive("now", "sync");
        Domain dom = ctl.commandOptDomain();
        long seconds = 0;
        boolean set = false;
        String given = ctl.optStringQuiet("time");
        if (given != null) {
            try {
                seconds = Long.parseLong(given);
            } catch (NumberFormatException e) {
                throw ctl.fail("Numeric value '" + given + "' for <time> option is malformed or out of range");
            }
            set = true;
        }
        if (set || now || sync) {
            if (now) {
                seconds = System.currentTimeMillis() / 1000;
            }
            dom.setTime(seconds, 0, sync ? DomainTime.SYNC : 0);
            return true;
        }
        DomainTime t = dom.getTime(0);
        // virsh prints these without a newline.
        ctl.print(pretty ? "Time: " + PRETTY.format(Instant.ofEpochSecond(t.seconds())) : "Time: " + t.seconds());
        return true;
    }
}
