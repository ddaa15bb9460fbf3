package org.virtd.driver.spi.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainRef;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirErrorDomain;
import org.virtd.api.VirException;

/**
 * The domains of one driver state, defined and running: libvirt's {@code virDomainObjList}. Lookups by UUID,
 * name and id are single hash-map reads without a lock, so they scale with readers; adding, removing and id
 * changes are serialized by an internal lock that is never held while calling out.
 */
public final class DomainObjectList<D> {
    private final ConcurrentHashMap<UUID, DomainObject<D>> byUuid = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DomainObject<D>> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, DomainObject<D>> byId = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** The outcome of {@link #add}: the object, and whether it was created by this call. */
    public record Added<D>(DomainObject<D> object, boolean created) {
    }

    public @Nullable DomainObject<D> findByUuid(UUID uuid) {
        return byUuid.get(uuid);
    }

    public @Nullable DomainObject<D> findByName(String name) {
        return byName.get(name);
    }

    public @Nullable DomainObject<D> findById(int id) {
        return byId.get(id);
    }

    /**
     * Finds the object for {@code name}/{@code uuid} or creates it with {@code def}, under libvirt's rules: a
     * known UUID with another name, or a known name with another UUID, is refused. The caller assigns definitions
     * to an existing object itself (under the object's lock).
     *
     * @throws VirException OPERATION_FAILED (error domain DOMAIN) "domain 'X' is already defined with uuid U" or
     *         "domain 'X' already exists with uuid U"
     */
    public Added<D> add(String name, UUID uuid, D def) {
        lock.lock();
        try {
            DomainObject<D> existing = byUuid.get(uuid);
            if (existing != null) {
                if (!existing.name().equals(name)) {
                    throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_FAILED,
                            "domain '" + existing.name() + "' is already defined with uuid " + existing.uuid());
                }
                return new Added<>(existing, false);
            }
            DomainObject<D> sameName = byName.get(name);
            if (sameName != null) {
                throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_FAILED,
                        "domain '" + name + "' already exists with uuid " + sameName.uuid());
            }
            DomainObject<D> obj = new DomainObject<>(name, uuid, def);
            byUuid.put(uuid, obj);
            byName.put(name, obj);
            return new Added<>(obj, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * libvirt's live add (virDomainObjListAdd with ADD_LIVE | ADD_CHECK_LIVE) followed by {@code start}: a new
     * transient domain, or a defined inactive one of the same name and UUID running {@code def} while its
     * persistent definition waits in newDef. If {@code start} fails, the list is as before. The caller holds the
     * driver's state lock; the object's lock is held around {@code start}.
     *
     * @throws VirException OPERATION_INVALID when the domain is already active or being started
     */
    public DomainObject<D> addLive(String name, UUID uuid, D def, java.util.function.Consumer<DomainObject<D>> start) {
        Added<D> added = add(name, uuid, def);
        DomainObject<D> obj = added.object();
        obj.lock().lock();
        try {
            if (!added.created()) {
                if (obj.isActive()) {
                    throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID,
                            "domain '" + obj.name() + "' is already active");
                }
                if (!obj.isPersistent()) {
                    throw VirException.of(VirErrorDomain.DOMAIN, VirErrorCode.OPERATION_INVALID,
                            "domain '" + obj.name() + "' is already being started");
                }
                obj.setNewDef(obj.def());
                obj.setDef(def);
            }
            try {
                start.accept(obj);
            } catch (RuntimeException e) {
                if (added.created()) {
                    remove(obj);
                } else if (!obj.isActive() && obj.newDef() != null) {
                    obj.setDef(obj.newDef());
                    obj.setNewDef(null);
                }
                throw e;
            }
            return obj;
        } finally {
            obj.lock().unlock();
        }
    }

    /**
     * The object behind a handle a client holds, or libvirt's VIR_ERR_NO_DOMAIN "no domain with matching uuid 'U'
     * (NAME)" in error domain {@code from} (what every driver's DomObjFromDomain reports).
     */
    public DomainObject<D> require(DomainRef ref, VirErrorDomain from) {
        DomainObject<D> obj = findByUuid(ref.uuid());
        if (obj == null) {
            throw VirException.of(from, VirErrorCode.NO_DOMAIN,
                    "no domain with matching uuid '" + ref.uuid() + "' (" + ref.name() + ")");
        }
        return obj;
    }

    /** Runs {@code body} holding the domain's lock only (queries). */
    public <T> T read(DomainRef ref, VirErrorDomain from, java.util.function.Function<DomainObject<D>, T> body) {
        DomainObject<D> obj = require(ref, from);
        obj.lock().lock();
        try {
            return body.apply(obj);
        } finally {
            obj.lock().unlock();
        }
    }

    /** Runs {@code body} holding the driver's state lock, then the domain's (state changes; THREADS.md order). */
    public <T> T write(java.util.concurrent.locks.Lock stateLock, DomainRef ref, VirErrorDomain from,
                       java.util.function.Function<DomainObject<D>, T> body) {
        stateLock.lock();
        try {
            return read(ref, from, body);
        } finally {
            stateLock.unlock();
        }
    }

    /** Forgets {@code obj} (undefine of an inactive domain, stop of a transient one). */
    public void remove(DomainObject<D> obj) {
        lock.lock();
        try {
            byUuid.remove(obj.uuid(), obj);
            byName.remove(obj.name(), obj);
            if (obj.id != DomainRef.NO_ID) {
                byId.remove(obj.id, obj);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Changes the id of {@code obj} and its index entry ({@link DomainRef#NO_ID} when it stops). */
    public void setId(DomainObject<D> obj, int id) {
        lock.lock();
        try {
            if (obj.id != DomainRef.NO_ID) {
                byId.remove(obj.id, obj);
            }
            obj.id = id;
            if (id != DomainRef.NO_ID && byUuid.get(obj.uuid()) == obj) {
                byId.put(id, obj);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The objects matching {@code filter}, active ones first by id, then inactive ones by name (libvirt's order). */
    public List<DomainObject<D>> list(Predicate<DomainObject<D>> filter) {
        List<DomainObject<D>> out = new ArrayList<>();
        for (DomainObject<D> o : byUuid.values()) {
            if (filter.test(o)) {
                out.add(o);
            }
        }
        out.sort(Comparator.<DomainObject<D>>comparingInt(o -> o.isActive() ? 0 : 1)
                .thenComparingInt(DomainObject::id)
                .thenComparing(DomainObject::name));
        return out;
    }

    public int countActive() {
        return byId.size();
    }

    public int countInactive() {
        return byUuid.size() - byId.size();
    }
}
