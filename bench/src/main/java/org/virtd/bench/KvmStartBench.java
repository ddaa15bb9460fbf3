package org.virtd.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtd.api.Connect;
import org.virtd.api.Domain;
import org.virtd.api.Virt;

/**
 * QEMU guest start-up, virtd beside libvirtd 9.0's QEMU driver, in the same run with the same client (virtd's
 * Java client, org.virtd.api over RPC) and the same domain XML: a TCG guest (Debian's cloud kernel and the busybox
 * initramfs of scripts/guest-fixture) whose serial port is a file. Per iteration and daemon: define + start (the
 * time until start returns), start to guest userspace (until USERSPACE-READY is in the serial file), destroy.
 * Iterations alternate between the daemons so that background load hits both alike.
 */
public final class KvmStartBench {
    private KvmStartBench() {}

    static final String USAGE = """
            usage: bin/bench-kvm [--iterations N] [--targets virtd,libvirtd] [--keep]
              --iterations N   starts per daemon (default 10)
              --targets LIST   which daemons (default virtd,libvirtd)
              --keep           keep the work directory (logs, serial files)
            """;

    record Options(int iterations, List<String> targets, boolean keep) {
        static Options parse(String[] args) {
            int n = 10;
            List<String> targets = List.of("virtd", "libvirtd");
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--iterations" -> n = Integer.parseInt(BenchMain.value(args, ++i, "--iterations"));
                    case "--targets" -> targets = List.of(BenchMain.value(args, ++i, "--targets").split(","));
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (n < 1) throw new IllegalArgumentException("--iterations must be at least 1");
            for (String t : targets) {
                if (!t.equals("virtd") && !t.equals("libvirtd")) throw new IllegalArgumentException("unknown target " + t);
            }
            return new Options(n, targets, keep);
        }
    }

    public static void main(String[] args) {
        BenchMain.main("bench-kvm", USAGE, args, Options::parse, KvmStartBench::run);
    }

    /** One daemon's connection and figures. */
    static final class Target {
        final String name;
        final Connect conn;
        final Path serial;
        final List<Long> defineStart = new ArrayList<>(), toUserspace = new ArrayList<>(), destroy = new ArrayList<>();

        Target(String name, Connect conn, Path serial) {
            this.name = name;
            this.conn = conn;
            this.serial = serial;
        }
    }

    static int run(Options o, PrintStream out, PrintStream err) throws Exception {
        Path repo = Path.of(System.getProperty("virtd.repo.dir", "."));
        Path oracle = Path.of(System.getProperty("virtd.shared.dir", "../shared")).resolve("tools/libvirtd-oracle");
        String[] guest = fixture(repo);
        try (BenchMain.Workspace ws = new BenchMain.Workspace("bench-kvm", o.keep(), err)) {
            List<Target> targets = new ArrayList<>();
            for (String t : o.targets()) {
                DaemonProcess d = ws.add(t.equals("virtd")
                        ? DaemonProcess.startVirtd(repo, ws.dir, List.of())
                        : DaemonProcess.startLibvirtd(oracle, ws.dir, "qemu"));
                Connect c = Virt.connect("qemu+tcp://127.0.0.1:" + d.tcpPort() + "/system", 0);
                targets.add(new Target(t, c, ws.dir.resolve(t + "-serial.log")));
            }
            // One unmeasured start each: the first QEMU start on a host pays for page-cache and probe warm-up.
            for (Target t : targets) once(t, guest, null);
            for (int i = 0; i < o.iterations(); i++) {
                for (Target t : targets) once(t, guest, t);
            }
            for (Target t : targets) {
                t.conn.lookupByName("bench-kvm").undefine();
                t.conn.close();
            }
            print(out, targets, o.iterations());
        }
        return 0;
    }

    private static String[] fixture(Path repo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(repo.resolve("scripts/guest-fixture/build").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("scripts/guest-fixture/build failed");
        String kernel = null, initrd = null;
        for (String l : outText.lines().toList()) {
            if (l.startsWith("KERNEL=")) kernel = l.substring(7);
            if (l.startsWith("INITRD=")) initrd = l.substring(7);
        }
        if (kernel == null || initrd == null) throw new IOException("the guest fixture printed no KERNEL/INITRD");
        return new String[] {kernel, initrd};
    }

    static String xml(String[] guest, Path serial) {
        return "<domain type='qemu'>\n  <name>bench-kvm</name>\n  <uuid>b3c4a0d2-6f1e-4c1a-9e55-0b1e2c3d4e5f</uuid>\n"
                + "  <memory unit='MiB'>256</memory>\n  <vcpu>1</vcpu>\n"
                + "  <os><type arch='x86_64' machine='pc'>hvm</type>\n    <kernel>" + guest[0] + "</kernel>\n"
                + "    <initrd>" + guest[1] + "</initrd>\n    <cmdline>console=ttyS0 quiet</cmdline>\n  </os>\n"
                + "  <features><acpi/></features>\n  <on_poweroff>destroy</on_poweroff>\n"
                + "  <devices>\n    <serial type='file'><source path='" + serial + "'/></serial>\n  </devices>\n</domain>\n";
    }

    /** define + start, wait for userspace, destroy; figures go to {@code record} unless it is null (warm-up). */
    private static void once(Target t, String[] guest, Target record) throws Exception {
        Files.deleteIfExists(t.serial);
        long t0 = System.nanoTime();
        Domain d = t.conn.defineXml(xml(guest, t.serial));
        d.create();
        long t1 = System.nanoTime();
        long deadline = t1 + 120_000_000_000L;
        while (!serialSays(t.serial, "USERSPACE-READY")) {
            if (System.nanoTime() > deadline) throw new IOException(t.name + ": the guest did not reach userspace in 120 s");
            Thread.sleep(2);
        }
        long t2 = System.nanoTime();
        d.destroy();
        long t3 = System.nanoTime();
        if (record != null) {
            record.defineStart.add(t1 - t0);
            record.toUserspace.add(t2 - t0);
            record.destroy.add(t3 - t2);
        }
    }

    private static boolean serialSays(Path serial, String text) throws IOException {
        if (!Files.isReadable(serial)) return false;
        return new String(Files.readAllBytes(serial), StandardCharsets.ISO_8859_1).contains(text);
    }

    private static void print(PrintStream out, List<Target> targets, int n) {
        out.printf("QEMU guest start-up: TCG, 256 MiB, Debian cloud kernel + busybox initramfs; %d starts per daemon,"
                + " alternating; %d CPUs%n", n, Runtime.getRuntime().availableProcessors());
        out.println("define+start = defineXML + create until create returns; to userspace = from defineXML until"
                + " USERSPACE-READY is in the serial file; destroy = destroy call");
        out.println();
        out.printf("%-10s | %-23s | %-23s | %-23s%n", "daemon", "define+start ms", "to userspace ms", "destroy ms");
        out.printf("%-10s | %-23s | %-23s | %-23s%n", "", "   p50      p90     max", "   p50      p90     max",
                "   p50      p90     max");
        out.println("-".repeat(88));
        for (Target t : targets) {
            out.printf("%-10s | %s | %s | %s%n", t.name, stats(t.defineStart), stats(t.toUserspace), stats(t.destroy));
        }
        if (targets.size() == 2) {
            Target a = targets.get(0), b = targets.get(1);
            out.println();
            out.printf("%s/%s p50: define+start %.2fx, to userspace %.2fx, destroy %.2fx%n", a.name, b.name,
                    ratio(a.defineStart, b.defineStart), ratio(a.toUserspace, b.toUserspace), ratio(a.destroy, b.destroy));
        }
    }

    private static String stats(List<Long> nanos) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("%7.1f  %7.1f %7.1f", Latencies.percentile(s, 0.5) / 1e6, Latencies.percentile(s, 0.9) / 1e6,
                s[s.length - 1] / 1e6);
    }

    private static double ratio(List<Long> a, List<Long> b) {
        long[] x = a.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] y = b.stream().mapToLong(Long::longValue).sorted().toArray();
        return (double) Latencies.percentile(x, 0.5) / Latencies.percentile(y, 0.5);
    }
}
