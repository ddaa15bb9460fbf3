package org.virtd.virsh.command.domain;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.virtd.api.Domain;
import org.virtd.api.DomainJobInfo;
import org.virtd.api.VirException;
import org.virtd.virsh.Virsh;

/**
 * virsh's virshWatchJob: runs a long domain operation (save, managed save, dump, migrate) on another thread and,
 * every 500 ms until it ends, asks the domain's job info; with {@code --verbose} it prints {@code \rLABEL: [ NN %]}
 * to stderr from the data counters, and {@code [100 %]} when the operation succeeded.
 */
final class JobWatch {
    private static final long POLL_MS = 500;

    private JobWatch() {
    }

    /** Runs {@code operation}; returns its result, or rethrows how it failed. */
    static boolean run(Virsh ctl, Domain dom, boolean verbose, String label, BooleanSupplier operation) {
        FutureTask<Boolean> task = new FutureTask<>(operation::getAsBoolean);
        Thread.ofVirtual().name("virsh-job").start(task);
        boolean started = false;
        while (true) {
            try {
                boolean ok = task.get(POLL_MS, TimeUnit.MILLISECONDS);
                if (ok && verbose) {
                    progress(ctl, label, 0, 1);
                }
                return ok;
            } catch (TimeoutException e) {
                started = poll(ctl, dom, verbose, label, started);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static boolean poll(Virsh ctl, Domain dom, boolean verbose, String label, boolean started) {
        if (started && !verbose) {
            return true;
        }
        try {
            DomainJobInfo info = dom.getJobInfo();
            if (verbose && info.dataTotal() > 0) {
                progress(ctl, label, info.dataRemaining(), info.dataTotal());
            }
            return info.type() == DomainJobInfo.BOUNDED || info.type() == DomainJobInfo.UNBOUNDED;
        } catch (VirException e) {
            return started;
        }
    }

    /** virshPrintJobProgress. */
    static void progress(Virsh ctl, String label, long remaining, long total) {
        int percent;
        if (remaining == 0) {
            percent = 100;
        } else {
            percent = (int) (100.0 - unsigned(remaining) * 100.0 / unsigned(total));
            if (percent >= 100) {
                percent = 99;
            }
        }
        ctl.printErr(String.format("\r%s: [%3d %%]", label, percent));
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : Double.parseDouble(Long.toUnsignedString(v));
    }
}
