package org.virtd.virsh.command.events;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.virtd.api.Domain;
import org.virtd.api.DomainEvent;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.EventNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code event}: registers one callback per chosen event type (all 27 with --all, in id order), prints events as
 * they arrive, and deregisters them in registration order. Without --loop the first event ends the wait.
 */
@Command(name = "event", header = "Domain Events", description = "List event types, or wait for domain events to occur")
public final class EventCommand implements VshCommand {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ");

    @Option(names = "--domain", paramLabel = OptionType.LABEL_STRING, description = "filter by domain name, id or uuid")
    String domain;

    @Option(names = "--event", paramLabel = OptionType.LABEL_STRING, description = "which event type to wait for")
    String event;

    @Option(names = "--all", description = "wait for all events instead of just one type")
    boolean all;

    @Option(names = "--loop", description = "loop until timeout or interrupt, rather than one-shot")
    boolean loop;

    @Option(names = "--timeout", paramLabel = OptionType.LABEL_INT, description = "timeout seconds")
    String timeout;

    @Option(names = "--list", description = "list valid event types")
    boolean list;

    @Option(names = "--timestamp", description = "show timestamp for each printed event")
    boolean timestamp;

    @Override
    public boolean run(Virsh ctl) {
        ctl.exclusive("all", "event");
        ctl.exclusive("list", "all");
        ctl.exclusive("list", "event");
        if (list) {
            for (String name : EventNames.TYPES) {
                ctl.print(name + "\n");
            }
            return true;
        }
        String eventName = ctl.optStringReq("event");
        if (eventName == null && !all) {
            throw ctl.fail("one of --list, --all, or --event <type> is required");
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < EventNames.TYPES.size(); i++) {
            if (eventName == null || eventName.equals(EventNames.TYPES.get(i))) {
                ids.add(i);
            }
        }
        if (ids.isEmpty()) {
            throw ctl.fail("unknown event type " + eventName);
        }
        int timeoutMs = ctl.optTimeoutMs("timeout");
        Domain dom = ctl.has("domain") ? ctl.commandOptDomain() : null;

        AtomicInteger count = new AtomicInteger();
        ctl.eventStart(timeoutMs);
        List<Integer> callbacks = new ArrayList<>();
        boolean ret = false;
        try {
            for (int i = 0; i < ids.size(); i++) {
                int id = ids.get(i);
                try {
                    callbacks.add(ctl.conn().domainEventRegisterAny(dom, id, (cb, ev) -> print(ctl, id, ev, count)));
                } catch (VirException e) {
                    // A server older than this client knows fewer events; only the first registration must work.
                    if (i == 0) {
                        ctl.saveError(e);
                        return false;
                    }
                    ctl.resetError();
                }
            }
            switch (ctl.eventWait()) {
                case INTERRUPT -> ctl.print("event loop interrupted\n");
                case TIMEOUT -> ctl.print("event loop timed out\n");
                case DONE -> {
                }
            }
            ctl.print("events received: " + count.get() + "\n");
            ret = count.get() > 0;
        } finally {
            ctl.eventCleanup();
            for (int cb : callbacks) {
                try {
                    ctl.conn().domainEventDeregisterAny(cb);
                } catch (VirException e) {
                    ctl.saveError(e);
                    ret = false;
                }
            }
        }
        return ret;
    }

    private void print(Virsh ctl, int id, DomainEvent ev, AtomicInteger count) {
        String text = switch (ev) {
            case DomainEvent.Lifecycle l -> "event 'lifecycle' for domain '" + l.domain().name() + "': "
                    + EventNames.lifecycle(l.event()) + " " + EventNames.detail(l.event(), l.detail()) + "\n";
            case DomainEvent.Reboot r -> "event '" + EventNames.TYPES.get(id) + "' for domain '" + r.domain().name()
                    + "'\n";
            case DomainEvent.BalloonChange b -> "event '" + EventNames.TYPES.get(id) + "' for domain '"
                    + b.domain().name() + "': " + b.actualKiB() + "KiB\n";
        };
        synchronized (count) {
            if (!loop && count.get() > 0) {
                return;
            }
            if (timestamp) {
                text = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP) + ": " + text;
            }
            ctl.print(text);
            count.incrementAndGet();
        }
        if (!loop) {
            ctl.eventDone();
        }
    }
}
