package org.certportal.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Issue 17's efficiency by minute: C browsers sign in over and over (closed loop) from the moment the
 * portal serves /login, for N minutes; at every minute boundary the portal's process CPU (utime +
 * stime from /proc/PID/stat, so other processes on the shared machine do not count), its JIT
 * compiler threads' CPU, the sign-ins, errors, latency, RSS and the load average are recorded.
 * CPU per sign-in = process CPU delta / sign-ins completed in that minute.
 */
final class MinuteLoad {

    private MinuteLoad() {
    }

    static void run(Bench.Args args) throws Exception {
        URI base = URI.create(args.get("base"));
        List<Users.User> users = Users.read(Path.of(args.get("passwords")));
        int concurrency = args.getInt("concurrency", 8);
        int minutes = args.getInt("minutes", 10);
        long pid = Long.parseLong(args.get("pid"));
        Path csv = Path.of(args.get("csv"));
        String prefix = args.get("prefix", "minute");

        AtomicInteger next = new AtomicInteger();
        Flows.SignInFlow flow = Flows.portal(base);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Recorder latency = new Recorder(3);
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MINUTES.toNanos(minutes);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Users.User u = users.get(Math.floorMod(next.getAndIncrement(), users.size()));
                    long s = System.nanoTime();
                    try {
                        flow.signIn(u).get(120, TimeUnit.SECONDS);
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - s), 3_600_000_000L));
                }
            }, "browser-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("minute,signins,errors,signins_per_s,server_cpu_ms,cpu_ms_per_signin,jit_cpu_ms,p50_ms,p99_ms,rss_kib,load1,load5,load15,steal_share");
            long cpu0 = Cpu.processMillis(pid);
            long jit0 = Cpu.compilerMillis(pid);
            long[] m0 = Cpu.machineTicks();
            int ok0 = 0;
            int err0 = 0;
            Histogram h = null;
            for (int m = 1; m <= minutes; m++) {
                long boundary = t0 + TimeUnit.MINUTES.toNanos(m);
                long wait;
                while ((wait = boundary - System.nanoTime()) > 0) {
                    Thread.sleep(Math.max(1, wait / 1_000_000));
                }
                long cpu1 = Cpu.processMillis(pid);
                long jit1 = Cpu.compilerMillis(pid);
                long[] m1 = Cpu.machineTicks();
                int ok1 = ok.get();
                int err1 = errors.get();
                h = latency.getIntervalHistogram(h);
                String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                int signins = ok1 - ok0;
                double perSignin = signins > 0 ? (double) (cpu1 - cpu0) / signins : Double.NaN;
                double steal = Double.NaN;
                if (m0 != null && m1 != null) {
                    double all = (m1[0] - m0[0]) + (m1[1] - m0[1]) + (m1[2] - m0[2]);
                    steal = all > 0 ? (m1[2] - m0[2]) / all : Double.NaN;
                }
                String row = String.format(Locale.ROOT, "%d,%d,%d,%.2f,%d,%.2f,%d,%.0f,%.0f,%d,%s,%s,%s,%.3f", m, signins, err1 - err0,
                        signins / 60.0, cpu1 - cpu0, perSignin, jit1 - jit0, h.getValueAtPercentile(50) / 1000.0,
                        h.getValueAtPercentile(99) / 1000.0, RssSampler.rssKib(pid), load[0], load[1], load[2], steal);
                w.println(row);
                w.flush();
                Bench.log("minute %d: %d sign-ins (%.2f/s), %d errors, %.1f ms CPU per sign-in (JIT %d ms), p50 %.0f / p99 %.0f ms, load %s",
                        m, signins, signins / 60.0, err1 - err0, perSignin, jit1 - jit0, h.getValueAtPercentile(50) / 1000.0,
                        h.getValueAtPercentile(99) / 1000.0, load[0]);
                figures.put(prefix + "_m" + m + "_signins_per_s", signins / 60.0);
                figures.put(prefix + "_m" + m + "_cpu_ms_per_signin", perSignin);
                figures.put(prefix + "_m" + m + "_errors", err1 - err0);
                figures.put(prefix + "_m" + m + "_load1", load[0]);
                cpu0 = cpu1;
                jit0 = jit1;
                m0 = m1;
                ok0 = ok1;
                err0 = err1;
            }
        }
        for (Thread t : threads) {
            t.join(130_000);
        }
        Bench.record(args, figures);
    }
}
