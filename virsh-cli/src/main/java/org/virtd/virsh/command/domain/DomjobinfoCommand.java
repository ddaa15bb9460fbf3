package org.virtd.virsh.command.domain;

import java.util.List;
import org.virtd.api.Domain;
import org.virtd.api.DomainJobInfo;
import org.virtd.api.DomainJobStats;
import org.virtd.api.TypedParameter;
import org.virtd.api.VirErrorCode;
import org.virtd.api.VirException;
import org.virtd.virsh.OptionType;
import org.virtd.virsh.Virsh;
import org.virtd.virsh.VshCommand;
import org.virtd.virsh.format.Capacity;
import org.virtd.virsh.format.TypedParamValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code domjobinfo DOMAIN [--completed [--keep-completed]] [--anystats] [--rawstats]}: virDomainGetJobStats, or
 * virDomainGetJobInfo when the driver lacks it (then without flags and raw statistics), printed as virsh does.
 */
@Command(name = "domjobinfo", header = "domain job information",
        description = "Returns information about jobs running on a domain.")
public final class DomjobinfoCommand implements VshCommand {
    private static final String[] TYPES = {"None", "Bounded", "Unbounded", "Completed", "Failed", "Cancelled"};
    private static final String[] OPERATIONS = {"Unknown", "Start", "Save", "Restore", "Incoming migration",
        "Outgoing migration", "Snapshot", "Snapshot revert", "Dump", "Backup", "Snapshot delete"};

    @Option(names = "--domain", required = true, paramLabel = OptionType.LABEL_DATA,
            description = "domain name, id or uuid")
    String domain;

    @Option(names = "--completed", description = "return statistics of a recently completed job")
    boolean completed;

    @Option(names = "--keep-completed", description = "don't destroy statistics of a recently completed job when reading")
    boolean keepCompleted;

    @Option(names = "--anystats", description = "print statistics for any kind of job (even failed ones)")
    boolean anystats;

    @Option(names = "--rawstats", description = "print the raw data returned by libvirt")
    boolean rawstats;

    /**
     * A job as typed parameters; {@code detailed} when they came from GetJobStats (GetJobInfo's fields are put in
     * the same shape, but virsh then has no further statistics, operation or raw data to print).
     */
    private record Job(int type, List<TypedParameter> params, boolean detailed) {
        TypedParameter get(String field) {
            for (TypedParameter p : params) {
                if (p.field().equals(field)) {
                    return p;
                }
            }
            return null;
        }

        /** virTypedParamsGetULLong: absent → null, another type → the libvirt error. */
        Long ullong(String field) {
            TypedParameter p = get(field);
            if (p == null) {
                return null;
            }
            if (p instanceof TypedParameter.ULLong u) {
                return u.value();
            }
            throw wrongType(field, p, "ullong");
        }

        Integer integer(String field) {
            TypedParameter p = get(field);
            if (p == null) {
                return null;
            }
            if (p instanceof TypedParameter.Int i) {
                return i.value();
            }
            throw wrongType(field, p, "int");
        }

        String string(String field) {
            TypedParameter p = get(field);
            if (p == null) {
                return null;
            }
            if (p instanceof TypedParameter.Str s) {
                return s.value();
            }
            throw wrongType(field, p, "string");
        }

        long ull(String field) {
            Long v = ullong(field);
            return v == null ? 0 : v;
        }
    }

    private static VirException wrongType(String field, TypedParameter p, String wanted) {
        String[] names = {"", "int", "uint", "llong", "ullong", "double", "boolean", "string"};
        return VirException.format(org.virtd.api.VirErrorDomain.NONE, VirErrorCode.INVALID_ARG,
                "invalid argument: Invalid type '%s' requested for parameter '%s', actual type is '%s'",
                wanted, field, names[p.type()]);
    }

    @Override
    public boolean run(Virsh ctl) {
        ctl.require("keep-completed", keepCompleted, "completed", completed);
        Domain dom = ctl.commandOptDomain();
        int flags = (completed ? DomainJobStats.STATS_COMPLETED : 0)
                | (keepCompleted ? DomainJobStats.STATS_KEEP_COMPLETED : 0);
        Job job;
        try {
            DomainJobStats s = dom.getJobStats(flags);
            job = new Job(s.type(), s.params(), true);
        } catch (VirException e) {
            if (e.code() != VirErrorCode.NO_SUPPORT.wireValue()) {
                throw e;
            }
            if (flags != 0 || rawstats) {
                ctl.saveError(e);
                throw ctl.fail("Optional flags or --rawstats are not supported by the daemon");
            }
            ctl.debug(Virsh.DEBUG, "detailed statistics not supported\n");
            job = fromInfo(dom.getJobInfo());
        }
        try {
            return print(ctl, job);
        } catch (VirException e) {
            ctl.saveError(e);
            return false;
        }
    }

    private static Job fromInfo(DomainJobInfo i) {
        List<TypedParameter> p = List.of(
                new TypedParameter.ULLong("time_elapsed", i.timeElapsedMs()),
                new TypedParameter.ULLong("time_remaining", i.timeRemainingMs()),
                new TypedParameter.ULLong("data_total", i.dataTotal()),
                new TypedParameter.ULLong("data_processed", i.dataProcessed()),
                new TypedParameter.ULLong("data_remaining", i.dataRemaining()),
                new TypedParameter.ULLong("memory_total", i.memTotal()),
                new TypedParameter.ULLong("memory_processed", i.memProcessed()),
                new TypedParameter.ULLong("memory_remaining", i.memRemaining()),
                new TypedParameter.ULLong("disk_total", i.fileTotal()),
                new TypedParameter.ULLong("disk_processed", i.fileProcessed()),
                new TypedParameter.ULLong("disk_remaining", i.fileRemaining()));
        return new Job(i.type(), p, false);
    }

    private boolean print(Virsh ctl, Job job) {
        List<TypedParameter> visible = job.detailed() ? job.params() : List.of();
        Job j = job;
        if (rawstats) {
            ctl.print("Job type: " + job.type() + "\n\n");
            for (TypedParameter p : visible) {
                ctl.print(p.field() + ": " + TypedParamValues.raw(p) + "\n");
            }
            return true;
        }
        ctl.printf("%-17s %-12s\n", "Job type:", name(TYPES, job.type()));
        if (job.type() == DomainJobInfo.NONE) {
            return true;
        }
        Job extra = new Job(job.type(), visible, job.detailed());
        Integer op = extra.integer("operation");
        ctl.printf("%-17s %-12s\n", "Operation:", name(OPERATIONS, op == null ? 0 : op));
        if (!anystats && job.type() != DomainJobInfo.BOUNDED && job.type() != DomainJobInfo.UNBOUNDED
                && (!completed || job.type() != DomainJobInfo.COMPLETED)) {
            return true;
        }
        ctl.printf("%-17s %-12s ms\n", "Time elapsed:", Long.toUnsignedString(j.ull("time_elapsed")));
        Long v = extra.ullong("time_elapsed_net");
        if (v != null) {
            ctl.printf("%-17s %-12s ms\n", "Time elapsed w/o network:", Long.toUnsignedString(v));
        }
        if (job.type() == DomainJobInfo.BOUNDED) {
            ctl.printf("%-17s %-12s ms\n", "Time remaining:", Long.toUnsignedString(j.ull("time_remaining")));
        }
        triple(ctl, "Data", j.ull("data_processed"), j.ull("data_remaining"), j.ull("data_total"));
        if (triple(ctl, "Memory", j.ull("memory_processed"), j.ull("memory_remaining"), j.ull("memory_total"))) {
            v = extra.ullong("memory_bps");
            if (v != null && v != 0) {
                ctl.printf("%-17s %s/s\n", "Memory bandwidth:", Capacity.pretty(v));
            }
            plain(ctl, extra, "memory_dirty_rate", "Dirty rate:", " pages/s");
            plain(ctl, extra, "memory_page_size", "Page size:", " bytes");
            plain(ctl, extra, "memory_iteration", "Iteration:", "");
            plain(ctl, extra, "memory_postcopy_requests", "Postcopy requests:", "");
        }
        if (triple(ctl, "File", j.ull("disk_processed"), j.ull("disk_remaining"), j.ull("disk_total"))) {
            v = extra.ullong("disk_bps");
            if (v != null && v != 0) {
                ctl.printf("%-17s %s/s\n", "File bandwidth:", Capacity.pretty(v));
            }
        }
        plain(ctl, extra, "memory_constant", "Constant pages:", "");
        plain(ctl, extra, "memory_normal", "Normal pages:", "");
        capacity(ctl, extra, "memory_normal_bytes", "Normal data:");
        v = extra.ullong("downtime");
        if (v != null) {
            ctl.printf("%-17s %-12s ms\n", job.type() == DomainJobInfo.COMPLETED ? "Total downtime:"
                    : "Expected downtime:", Long.toUnsignedString(v));
        }
        plain(ctl, extra, "downtime_net", "Downtime w/o network:", " ms");
        plain(ctl, extra, "setup_time", "Setup time:", " ms");
        capacity(ctl, extra, "compression_cache", "Compression cache:");
        capacity(ctl, extra, "compression_bytes", "Compressed data:");
        wide(ctl, extra, "compression_pages", "Compressed pages:");
        wide(ctl, extra, "compression_cache_misses", "Compression cache misses:");
        wide(ctl, extra, "compression_overflow", "Compression overflows:");
        Integer throttle = extra.integer("auto_converge_throttle");
        if (throttle != null) {
            ctl.printf("%-17s %-13d\n", "Auto converge throttle:", throttle);
        }
        capacity(ctl, extra, "disk_temp_used", "Temporary disk space use:");
        capacity(ctl, extra, "disk_temp_total", "Temporary disk space total:");
        String err = extra.string("errmsg");
        if (err != null) {
            ctl.printf("%-17s %s\n", "Error message:", err);
        }
        return true;
    }

    private static String name(String[] names, int i) {
        return i >= 0 && i < names.length ? names[i] : "unknown";
    }

    private static boolean triple(Virsh ctl, String what, long processed, long remaining, long total) {
        if (total == 0 && remaining == 0 && processed == 0) {
            return false;
        }
        ctl.printf("%-17s %s\n", what + " processed:", Capacity.pretty(processed));
        ctl.printf("%-17s %s\n", what + " remaining:", Capacity.pretty(remaining));
        ctl.printf("%-17s %s\n", what + " total:", Capacity.pretty(total));
        return true;
    }

    private static void plain(Virsh ctl, Job job, String field, String label, String unit) {
        Long v = job.ullong(field);
        if (v != null) {
            ctl.printf("%-17s %-12s%s\n", label, Long.toUnsignedString(v), unit);
        }
    }

    private static void wide(Virsh ctl, Job job, String field, String label) {
        Long v = job.ullong(field);
        if (v != null) {
            ctl.printf("%-17s %-13s\n", label, Long.toUnsignedString(v));
        }
    }

    private static void capacity(Virsh ctl, Job job, String field, String label) {
        Long v = job.ullong(field);
        if (v != null) {
            ctl.printf("%-17s %s\n", label, Capacity.pretty(v));
        }
    }
}
