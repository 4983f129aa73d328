package org.certportal.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The sign-in load: a warm-up, then a fixed concurrency (closed loop: C browsers, each signing in
 * again as soon as it is done), then fixed arrival rates (open loop: a new browser every 1/R s,
 * whatever the server does; latency is counted from the intended start, so a slow server cannot
 * hide its queue — no coordinated omission).
 */
final class SignInLoad {

    private SignInLoad() {
    }

    static void run(Bench.Args args) throws Exception {
        String target = args.get("target", "portal");
        URI base = URI.create(args.get("base"));
        List<Users.User> users = Users.read(Path.of(args.get("passwords")));
        int concurrency = args.getInt("concurrency", 8);
        double warmup = args.getDouble("warmup", 15);
        double closedSeconds = args.getDouble("closed-seconds", 30);
        double openSeconds = args.getDouble("open-seconds", 20);
        String rates = args.get("rates", "");
        long pid = Long.parseLong(args.get("pid", "0"));
        Path out = Path.of(args.get("out", "."));
        int maxInFlight = args.getInt("max-in-flight", 200);
        String fractions = args.get("rate-fractions", "0.5,0.75,0.9");
        String afterClosed = args.get("after-closed", "");

        Flows.SignInFlow flow = "keycloak".equals(target)
                ? Flows.keycloak(base, args.get("realm", "bench"), args.get("client", "bench"))
                : Flows.portal(base);
        AtomicInteger next = new AtomicInteger();
        java.util.function.Supplier<Users.User> pick = () -> users.get(Math.floorMod(next.getAndIncrement(), users.size()));

        long t0 = System.nanoTime();
        List<Recorder> phases = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        try (RssSampler rss = new RssSampler(pid, t0); MetricsScraper scraper = "portal".equals(target) ? MetricsScraper.start(base, t0) : null) {
            // The warm-up and the measured window are one run of the same browsers: no threads start
            // or stop at the boundary, and every report is computed after the window, so that nothing
            // but sign-ins (and the periodic scrape) runs on the 2 cores while they are counted.
            long[] serverCpu = new long[2];
            long[] clientCpu = new long[2];
            long[] jit = new long[2];
            long[][] machine = new long[2][];
            PortalHashMetrics[] hash = new PortalHashMetrics[2];
            List<Recorder> loop = closed(flow, pick, concurrency, warmup, closedSeconds, t0, boundary -> {
                serverCpu[boundary] = Cpu.processMillis(pid);
                clientCpu[boundary] = Cpu.selfMillis();
                jit[boundary] = Cpu.compilerMillis(pid);
                machine[boundary] = Cpu.machineTicks();
                hash[boundary] = "portal".equals(target) ? PortalHashMetrics.read(base) : null;
            });
            Recorder c = loop.get(1);
            phases.add(loop.get(0));
            long serverCpuMs = serverCpu[1] - serverCpu[0];
            long clientCpuMs = clientCpu[1] - clientCpu[0];
            long jitMs = jit[1] - jit[0];
            if (hash[0] != null && hash[1] != null && c.ok.get() > 0) {
                long hashes = hash[1].count() - hash[0].count();
                figures.put(target + "_closed_hashes_per_signin", (double) hashes / c.ok.get());
                figures.put(target + "_closed_hash_wall_ms", hashes > 0 ? (hash[1].seconds() - hash[0].seconds()) * 1000 / hashes : 0.0);
                figures.put(target + "_closed_hash_queue_ms", hashes > 0 ? (hash[1].queueSeconds() - hash[0].queueSeconds()) * 1000 / hashes : 0.0);
                if (hashes > 0 && !Double.isNaN(hash[1].cpuSeconds())) {
                    figures.put(target + "_closed_hash_cpu_ms", (hash[1].cpuSeconds() - hash[0].cpuSeconds()) * 1000 / hashes);
                }
            }
            phases.add(c);
            figures.putAll(c.figures(target));
            // Where the 2 cores went during the closed loop: server, load generator, and the rest (other processes, idle).
            double wall = c.seconds() * 1000 * Runtime.getRuntime().availableProcessors();
            figures.put(target + "_closed_server_cpu_share", serverCpuMs / wall);
            figures.put(target + "_closed_client_cpu_share", clientCpuMs / wall);
            if (machine[0] != null && machine[1] != null) {
                // A share of steal says the host gave this VM's cores to someone else during the
                // window: the ratio to a raw rate measured at another moment then means little.
                long busy = machine[1][0] - machine[0][0];
                long idle = machine[1][1] - machine[0][1];
                long steal = machine[1][2] - machine[0][2];
                double all = busy + idle + steal;
                if (all > 0) {
                    figures.put(target + "_closed_steal_share", steal / all);
                    figures.put(target + "_closed_idle_share", idle / all);
                }
            }
            if (c.ok.get() > 0) {
                figures.put(target + "_closed_server_cpu_ms_per_signin", (double) serverCpuMs / c.ok.get());
                figures.put(target + "_closed_client_cpu_ms_per_signin", (double) clientCpuMs / c.ok.get());
                if (jit[0] >= 0) {
                    figures.put(target + "_closed_jit_cpu_ms_per_signin", (double) jitMs / c.ok.get());
                }
            }
            figures.put(target + "_concurrency", concurrency);
            if (scraper != null) {
                double loadStart = (loop.get(0).startNanos - t0) / 1e9;
                double windowStart = (c.startNanos - t0) / 1e9;
                double windowEnd = (c.endNanos - t0) / 1e9;
                putRange(figures, target + "_hash_cpu_ms_10s_load", scraper.hashCpuMsRange(loadStart, windowEnd));
                putRange(figures, target + "_hash_cpu_ms_10s_window", scraper.hashCpuMsRange(windowStart, windowEnd));
                scraper.write(out.resolve(target + "-hash-cpu.csv"));
            }
            if (!afterClosed.isBlank()) {
                // The machine's raw hash rate drifts by a third within minutes on a shared VM: the
                // ceiling that counts is measured right after the window, with the browsers idle.
                Bench.log("after the closed loop: %s", afterClosed);
                int rc = new ProcessBuilder("bash", "-c", afterClosed).inheritIO().start().waitFor();
                if (rc != 0) {
                    throw new IllegalStateException("--after-closed command failed with exit code " + rc);
                }
            }
            List<String> openNames = new ArrayList<>();
            if ("auto".equals(rates)) {
                // Fixed arrival rates below what this system just sustained, so the open-loop phases
                // show latency at a steady load instead of an ever-growing queue.
                List<String> auto = new ArrayList<>();
                for (String f : fractions.split(",")) {
                    auto.add(String.format(Locale.ROOT, "%.1f", Double.parseDouble(f.trim()) * c.ok.get() / c.seconds()));
                }
                rates = String.join(",", auto);
            }
            for (String r : rates.split(",")) {
                if (r.isBlank()) {
                    continue;
                }
                double rate = Double.parseDouble(r.trim());
                String name = String.format(Locale.ROOT, "open%s", r.trim());
                Recorder o = open(name, flow, pick, rate, openSeconds, maxInFlight, t0);
                phases.add(o);
                openNames.add(r.trim());
                figures.putAll(o.figures(target));
            }
            figures.put(target + "_open_rates", String.join(",", openNames));
            figures.put(target + "_rss_loaded_kib", rss.max());
            rss.write(out.resolve(target + "-rss.csv"));
        }
        StringBuilder bounds = new StringBuilder();
        for (Recorder r : phases) {
            bounds.append(r.phase).append(':').append((r.startNanos - t0) / 1_000_000).append(':').append((r.endNanos - t0) / 1_000_000).append(' ');
        }
        figures.put(target + "_phases", bounds.toString().trim());
        Recorder.writeEvents(out.resolve(target + "-events.csv"), phases);
        Bench.record(args, figures);
    }

    /**
     * Closed loop: C browsers, each signing in again as soon as it is done, for a warm-up and then,
     * without a pause, the measured window. A sign-in counts in the phase in which it completes.
     * {@code atWindow} runs with 0 at the window's start and with 1 at its end (the deadline itself,
     * not when the last browser returns). Reports are logged after the window. Returns the warm-up's
     * and the window's recorders.
     */
    static List<Recorder> closed(Flows.SignInFlow flow, java.util.function.Supplier<Users.User> pick, int concurrency, double warmupSeconds,
            double windowSeconds, long t0, java.util.function.IntConsumer atWindow) throws InterruptedException {
        Recorder warm = new Recorder("warmup", t0);
        Recorder window = new Recorder("closed", t0);
        warm.startNanos = System.nanoTime();
        warm.endNanos = window.startNanos = warm.startNanos + (long) (warmupSeconds * 1e9);
        window.endNanos = window.startNanos + (long) (windowSeconds * 1e9);
        long deadline = window.endNanos;
        Bench.log("warmup: %d concurrent browsers for %.0f s", concurrency, warmupSeconds);
        Bench.log("closed: %d concurrent browsers for %.0f s", concurrency, windowSeconds);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long s = System.nanoTime();
                    Flows.Outcome o = null;
                    Exception failure = null;
                    try {
                        o = flow.signIn(pick.get()).get(120, TimeUnit.SECONDS);
                    } catch (Exception ex) {
                        failure = ex;
                    }
                    long e = System.nanoTime();
                    Recorder r = e <= warm.endNanos ? warm : e <= deadline ? window : null;
                    if (r != null && failure == null) {
                        r.success(e, e - s, o.postNanos());
                    } else if (r != null) {
                        r.error(e, e - s, failure);
                    }
                }
            }, "browser-" + i);
            t.start();
            threads.add(t);
        }
        parkUntil(window.startNanos);
        atWindow.accept(0);
        parkUntil(deadline);
        atWindow.accept(1);
        for (Thread t : threads) {
            t.join();
        }
        report(warm);
        report(window);
        return List.of(warm, window);
    }

    private static void putRange(Map<String, Object> figures, String key, double[] minMedianMax) {
        if (minMedianMax.length == 3) {
            figures.put(key, String.format(Locale.ROOT, "%.1f/%.1f/%.1f", minMedianMax[0], minMedianMax[1], minMedianMax[2]));
        }
    }

    private static void parkUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static final java.util.concurrent.ExecutorService ARRIVALS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "arrival");
        t.setDaemon(true);
        return t;
    });

    static Recorder open(String name, Flows.SignInFlow flow, java.util.function.Supplier<Users.User> pick, double rate, double seconds, int maxInFlight,
            long t0) throws InterruptedException {
        Recorder rec = new Recorder(name, t0);
        Bench.log("%s: %.1f new browsers per second for %.0f s", name, rate, seconds);
        AtomicInteger inFlight = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long period = (long) (1e9 / rate);
        rec.startNanos = System.nanoTime();
        long end = rec.startNanos + (long) (seconds * 1e9);
        for (long i = 0; ; i++) {
            long intended = rec.startNanos + i * period;
            if (intended >= end) {
                break;
            }
            parkUntil(intended);
            if (inFlight.get() >= maxInFlight) {
                rec.dropped.incrementAndGet();
                continue;
            }
            inFlight.incrementAndGet();
            Users.User user = pick.get();
            // Browsers run their requests on their own thread, so each arrival gets one from the pool
            // (bounded by max-in-flight) and the arrival clock never waits for a response.
            all.add(CompletableFuture.supplyAsync(() -> flow.signIn(user), ARRIVALS).thenCompose(f -> f).whenComplete((o, ex) -> {
                long e = System.nanoTime();
                inFlight.decrementAndGet();
                if (ex == null) {
                    rec.success(e, e - intended, o.postNanos());
                } else {
                    rec.error(e, e - intended, ex);
                }
            }));
        }
        // Every arrival is waited for (bounded by the HTTP timeout), and its latency counts, even
        // when it completes after the arrival window: that is the queue the rate built up.
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            Bench.log("%s: not every sign-in finished: %s", name, e);
        }
        rec.endNanos = Math.max(end, System.nanoTime());
        report(rec);
        return rec;
    }

    private static void report(Recorder rec) {
        Map<String, Object> f = rec.figures("x");
        Bench.log("%s: %d ok, %s errors, %.2f/s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (POST p50 %.0f ms)%s", rec.phase, rec.ok.get(),
                f.get("x_" + rec.phase + "_errors"), (Double) f.get("x_" + rec.phase + "_rate"),
                (Double) f.get("x_" + rec.phase + "_p50_ms"), (Double) f.get("x_" + rec.phase + "_p95_ms"), (Double) f.get("x_" + rec.phase + "_p99_ms"),
                (Double) f.get("x_" + rec.phase + "_post_p50_ms"), rec.errorKinds.isEmpty() ? "" : " " + rec.errorKinds);
    }
}
