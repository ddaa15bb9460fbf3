package org.virtd.driver.spi.support;

import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.virtd.api.DomainRef;
import org.virtd.api.DomainState;

/**
 * One domain known to a driver: libvirt's {@code virDomainObj}. {@code D} is the driver's definition type.
 *
 * <p>Name and UUID never change. Everything else is guarded by {@link #lock()}: hold it to read a consistent
 * state or to change one. The id is also indexed by the owning {@link DomainObjectList}; change it only through
 * {@link DomainObjectList#setId}.
 */
public final class DomainObject<D> {
    private final String name;
    private final UUID uuid;
    private final ReentrantLock lock = new ReentrantLock();

    volatile int id = DomainRef.NO_ID;
    private D def;
    private @Nullable D newDef;
    private boolean persistent;
    private boolean autostart;
    private boolean hasManagedSave;
    private DomainState state = DomainState.SHUTOFF;
    private int reason;

    DomainObject(String name, UUID uuid, D def) {
        this.name = name;
        this.uuid = uuid;
        this.def = def;
    }

    private @Nullable Object privateData;

    public ReentrantLock lock() {
        return lock;
    }

    public String name() {
        return name;
    }

    public UUID uuid() {
        return uuid;
    }

    /** The id: positive while active, {@link DomainRef#NO_ID} when not. */
    public int id() {
        return id;
    }

    public boolean isActive() {
        return id != DomainRef.NO_ID;
    }

    /** The handle libvirt returns for this domain now. */
    public DomainRef ref() {
        return new DomainRef(name, uuid, id);
    }

    /** The current definition: the live one while running, else the persistent one. */
    public D def() {
        return def;
    }

    public void setDef(D def) {
        this.def = def;
    }

    /** The persistent definition kept aside while a running domain uses a live copy; null otherwise. */
    public @Nullable D newDef() {
        return newDef;
    }

    public void setNewDef(@Nullable D newDef) {
        this.newDef = newDef;
    }

    /** The definition that will be used at the next start ({@code newDef} if set, else {@code def}). */
    public D persistentDef() {
        return newDef != null ? newDef : def;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public void setPersistent(boolean persistent) {
        this.persistent = persistent;
    }

    public boolean isAutostart() {
        return autostart;
    }

    public void setAutostart(boolean autostart) {
        this.autostart = autostart;
    }

    public boolean hasManagedSave() {
        return hasManagedSave;
    }

    public void setHasManagedSave(boolean hasManagedSave) {
        this.hasManagedSave = hasManagedSave;
    }

    /**
     * The driver's own per-domain data (libvirt's {@code privateData}), made on first use by {@code create} and
     * living as long as this object. Guarded by the domain's lock.
     */
    public <T> T privateData(Class<T> type, java.util.function.Supplier<T> create) {
        if (privateData == null) {
            privateData = create.get();
        }
        return type.cast(privateData);
    }

    public DomainState state() {
        return state;
    }

    public int reason() {
        return reason;
    }

    public void setState(DomainState state, int reason) {
        this.state = state;
        this.reason = reason;
    }
}
