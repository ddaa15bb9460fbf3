package org.virtd.rpc.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.virtd.rpc.wire.Procedure;

/**
 * Runs calls off the event loop with libvirtd's two worker budgets: at most {@code maxWorkers} calls in the
 * drivers at once, plus {@code prioWorkers} more reserved for high-priority procedures (lookups, get state,
 * destroy). A high-priority call takes a normal slot when one is free, else a reserved one, so it is never
 * queued behind low-priority calls stuck on a hung hypervisor (USERS.md #1, #4).
 *
 * <p>Each call runs on its own virtual thread; waiting for a slot costs no platform thread.
 */
final class WorkerScheduler implements AutoCloseable {
    private final Semaphore normal;
    private final Semaphore priority;
    private final ExecutorService threads;

    WorkerScheduler(int maxWorkers, int prioWorkers) {
        this.normal = new Semaphore(Math.max(1, maxWorkers));
        this.priority = new Semaphore(Math.max(0, prioWorkers));
        ThreadFactory factory = Thread.ofVirtual().name("virtd-worker-", 0).factory();
        this.threads = Executors.newThreadPerTaskExecutor(factory);
    }

    void submit(Procedure.Priority priority, Runnable call) {
        threads.execute(() -> runWithSlot(priority, call));
    }

    private void runWithSlot(Procedure.Priority prio, Runnable call) {
        Semaphore slot;
        try {
            slot = acquire(prio);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            call.run();
        } finally {
            slot.release();
        }
    }

    private Semaphore acquire(Procedure.Priority prio) throws InterruptedException {
        if (prio == Procedure.Priority.LOW) {
            normal.acquire();
            return normal;
        }
        if (normal.tryAcquire()) {
            return normal;
        }
        // Reserved slots free up as soon as any high-priority call ends; those never block on a hypervisor.
        while (true) {
            if (priority.tryAcquire(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return priority;
            }
            if (normal.tryAcquire()) {
                return normal;
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
