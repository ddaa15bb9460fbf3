package org.virtd.rpc.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.virtd.rpc.wire.Procedure;

/**
 * Runs calls off the event loop with libvirtd's two worker budgets: at most {@code maxWorkers} calls in the
 * drivers at once, plus {@code prioWorkers} more reserved for high-priority procedures (lookups, get state,
 * destroy). A high-priority call takes a normal slot when one is free, else a reserved one, so it is never
 * queued behind low-priority calls stuck on a hung hypervisor (USERS.md #1, #4).
 *
 * <p>Each call runs on its own virtual thread; waiting for a slot costs no platform thread. Any released slot
 * wakes the waiters, so a high-priority call also takes the first normal slot that frees up.
 */
final class WorkerScheduler implements AutoCloseable {
    private final int maxNormal;
    private final int maxPriority;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int normalInUse;
    private int priorityInUse;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    WorkerScheduler(int maxWorkers, int prioWorkers) {
        this.maxNormal = Math.max(1, maxWorkers);
        this.maxPriority = Math.max(0, prioWorkers);
    }

    void submit(Procedure.Priority priority, Runnable call) {
        threads.execute(() -> runWithSlot(priority, call));
    }

    private void runWithSlot(Procedure.Priority prio, Runnable call) {
        boolean prioritySlot;
        try {
            prioritySlot = acquire(prio == Procedure.Priority.HIGH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            call.run();
        } finally {
            release(prioritySlot);
        }
    }

    /** Takes a slot; returns true when it is a reserved (priority) one. */
    private boolean acquire(boolean high) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (normalInUse < maxNormal) {
                    normalInUse++;
                    return false;
                }
                if (high && priorityInUse < maxPriority) {
                    priorityInUse++;
                    return true;
                }
                released.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private void release(boolean prioritySlot) {
        lock.lock();
        try {
            if (prioritySlot) {
                priorityInUse--;
            } else {
                normalInUse--;
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
