package org.virtd.api;

/**
 * What {@code virDomainGetControlInfo} reports: whether the hypervisor's control channel to the domain (the QEMU
 * monitor, say) is usable.
 *
 * @param state       {@link #OK}, {@link #JOB}, {@link #OCCUPIED} or {@link #ERROR}
 * @param details     for {@link #ERROR}: 0 none, 1 unknown, 2 monitor failure, 3 internal (locking) error
 * @param stateTimeMs how long the state has lasted (for JOB and OCCUPIED), in milliseconds
 */
public record DomainControlInfo(int state, int details, long stateTimeMs) {
    public static final int OK = 0;
    public static final int JOB = 1;
    public static final int OCCUPIED = 2;
    public static final int ERROR = 3;
}
