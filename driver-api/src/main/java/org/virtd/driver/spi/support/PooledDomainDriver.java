package org.virtd.driver.spi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainEventListener;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainStateInfo;
import org.virtd.api.Flags;
import org.virtd.api.VirErrorDomain;
import org.virtd.driver.spi.HypervisorDriver;

/**
 * What every connection of a driver with libvirt's two domain pools (defined and running, in a {@link
 * DomainObjectList}) answers the same way: the domain lists and counts, the per-domain yes/no queries, state, and
 * event registration, each under the domain's lock only. Drivers add their hypervisor's calls. The C function
 * names in "unsupported flags" errors carry the driver's prefix ({@code libxl}, {@code qemu}), as libvirt's do.
 *
 * @param <D> the driver's definition type
 */
public abstract class PooledDomainDriver<D> implements HypervisorDriver {
    protected final DomainObjectList<D> domains;
    protected final DomainEventBus events;
    protected final VirErrorDomain from;
    private final String prefix;
    private final String uri;
    /** This connection's identity for its event registrations. */
    private final Object owner = new Object();

    protected PooledDomainDriver(DomainObjectList<D> domains, DomainEventBus events, VirErrorDomain from, String prefix,
                                 String uri) {
        this.uri = uri;
        this.domains = domains;
        this.events = events;
        this.from = from;
        this.prefix = prefix;
    }

    /** Runs {@code body} holding the domain's lock (queries, and changes that need no driver-wide lock). */
    protected <T> T read(DomainRef ref, Function<DomainObject<D>, T> body) {
        return domains.read(ref, from, body);
    }

    @Override
    public String uri() { return uri; }

    /** Local drivers: the connection never leaves the host. */
    @Override
    public boolean connectIsSecure() { return true; }

    @Override
    public boolean connectIsEncrypted() { return false; }

    @Override
    public void close() { events.deregisterAll(owner); }

    /**
     * libvirt's define of a parsed definition: the domain is added (or its definition replaced; a running one keeps
     * its live definition and gets the new one as the next), {@code save} writes it to the driver's pool (on
     * failure a new domain is forgotten again), and a DEFINED event says added (0) or updated (1). Holds
     * {@code stateLock}, then the domain's lock.
     */
    protected DomainRef definePersistent(D def, String name, java.util.UUID uuid, java.util.concurrent.locks.Lock stateLock,
                                         java.util.function.Consumer<D> save) {
        stateLock.lock();
        try {
            var added = domains.add(name, uuid, def);
            DomainObject<D> obj = added.object();
            obj.lock().lock();
            try {
                try {
                    save.accept(def);
                } catch (RuntimeException e) {
                    if (added.created()) domains.remove(obj);
                    throw e;
                }
                if (!added.created()) {
                    if (obj.isActive()) obj.setNewDef(def);
                    else obj.setDef(def);
                }
                obj.setPersistent(true);
                events.publish(new org.virtd.api.DomainEvent.Lifecycle(obj.ref(), org.virtd.api.DomainEvent.Lifecycle.DEFINED,
                        added.created() ? 0 : 1));
                return obj.ref();
            } finally {
                obj.lock().unlock();
            }
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * The end of libvirt's undefine, once the driver removed the definition from its pool (the caller holds the
     * domain's lock): an UNDEFINED event, autostart off; a running domain goes on as a transient one, an inactive
     * one leaves the list.
     */
    protected void forgetDefinition(DomainObject<D> obj) {
        events.publish(new org.virtd.api.DomainEvent.Lifecycle(obj.ref(), org.virtd.api.DomainEvent.Lifecycle.UNDEFINED, 0));
        obj.setAutostart(false);
        if (obj.isActive()) {
            obj.setPersistent(false);
            obj.setNewDef(null);
        } else {
            domains.remove(obj);
        }
    }

    @Override
    public List<DomainRef> connectListAllDomains(int flags) {
        FlagCheck.check(flags, DomainListFilter.ALL, prefix + "ConnectListAllDomains", from);
        List<DomainRef> out = new ArrayList<>();
        for (DomainObject<D> o : domains.list(x -> true)) {
            o.lock().lock();
            try {
                if (DomainListFilter.matches(o, flags, false, false)) out.add(o.ref());
            } finally {
                o.lock().unlock();
            }
        }
        return out;
    }

    @Override
    public int[] connectListDomains(int maxIds) {
        return domains.list(DomainObject::isActive).stream().limit(maxIds).mapToInt(DomainObject::id).toArray();
    }

    @Override
    public int connectNumOfDomains() { return domains.countActive(); }

    @Override
    public List<String> connectListDefinedDomains(int maxNames) {
        return domains.list(o -> !o.isActive()).stream().limit(maxNames).map(DomainObject::name).toList();
    }

    @Override
    public int connectNumOfDefinedDomains() { return domains.countInactive(); }

    @Override
    public DomainStateInfo domainGetState(DomainRef dom, int flags) {
        FlagCheck.check(flags, 0, prefix + "DomainGetState", from);
        return read(dom, obj -> new DomainStateInfo(obj.state().wireValue(), obj.reason()));
    }

    @Override
    public boolean domainGetAutostart(DomainRef dom) { return read(dom, DomainObject::isAutostart); }

    @Override
    public boolean domainIsActive(DomainRef dom) { return read(dom, DomainObject::isActive); }

    @Override
    public boolean domainIsPersistent(DomainRef dom) { return read(dom, DomainObject::isPersistent); }

    /** No driver here keeps a live definition that differs from what its last change made: never "updated". */
    @Override
    public boolean domainIsUpdated(DomainRef dom) { return read(dom, obj -> false); }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom, int flags) { return read(dom, DomainObject::hasManagedSave); }

    @Override
    public int domainGetMaxVcpus(DomainRef dom) { return domainGetVcpusFlags(dom, Flags.AFFECT_LIVE | Flags.VCPU_MAXIMUM); }

    @Override
    public void domainSetMemory(DomainRef dom, long memoryKiB) {
        domainSetMemoryFlags(dom, memoryKiB, Flags.AFFECT_LIVE);
    }

    @Override
    public void domainSetMaxMemory(DomainRef dom, long memoryKiB) {
        domainSetMemoryFlags(dom, memoryKiB, Flags.MEM_MAXIMUM);
    }

    @Override
    public int connectDomainEventRegisterAny(@Nullable DomainRef dom, int eventId, DomainEventListener listener) {
        return events.register(owner, dom == null ? null : dom.uuid(), eventId, listener);
    }

    @Override
    public void connectDomainEventDeregisterAny(int callbackId) {
        events.deregister(owner, callbackId);
    }
}
