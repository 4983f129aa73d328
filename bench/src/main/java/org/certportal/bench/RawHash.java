package org.certportal.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical ceiling: Argon2id hashes per second at the bench cost, with 1 thread and with one
 * thread per core, nothing else running in this JVM. A sign-in does at least one such hash, so the
 * sign-in rate cannot exceed the better of the two.
 */
final class RawHash {

    private RawHash() {
    }

    static void run(Bench.Args args) throws Exception {
        Argon2 cost = Argon2.from(args);
        double seconds = args.getDouble("seconds", 10);
        double warmup = args.getDouble("warmup", 3);
        String prefix = args.get("prefix", "raw");
        int cores = Runtime.getRuntime().availableProcessors();
        // Before the first hash, so that the JIT compiles Argon2 under the directive; --default-jit
        // measures the JIT's own choice instead (to see the spread the directive removes).
        String jit = args.get("default-jit", "false").equals("false") ? Argon2Jit.install() : "default";
        Bench.log("raw Argon2id: JIT %s", jit);
        measure(cost, cores, warmup, new double[1]); // JIT warm-up, not reported
        double[] cpu = new double[1];
        double one = measure(cost, 1, seconds, cpu);
        double cpuMsPerHash = cpu[0];
        double all = measure(cost, cores, seconds, cpu);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(prefix + "_cost", cost.label());
        r.put(prefix + "_cores", cores);
        r.put(prefix + "_jit", jit);
        r.put(prefix + "_rate_1", one);
        r.put(prefix + "_rate_all", all);
        r.put(prefix + "_best", Math.max(one, all));
        // CPU time per hash (thread CPU clock): what a hash costs whatever else the machine runs
        r.put(prefix + "_cpu_ms_per_hash_1", cpuMsPerHash);
        r.put(prefix + "_cpu_ms_per_hash_all", cpu[0]);
        Bench.record(args, r);
    }

    static double measure(Argon2 cost, int threads, double seconds, double[] cpuMsPerHash) throws InterruptedException {
        LongAdder done = new LongAdder();
        LongAdder cpuNanos = new LongAdder();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(threads);
        long t0 = System.nanoTime();
        long[] ends = new long[threads];
        for (int i = 0; i < threads; i++) {
            int idx = i;
            Thread t = new Thread(() -> {
                byte[] salt = new byte[Argon2.SALT_LENGTH];
                byte[] pw = ("orchid-tundra-basil-quill-sage-" + idx).getBytes(StandardCharsets.UTF_8);
                while (System.nanoTime() < deadline) {
                    salt[0]++;
                    cost.hash(pw, salt);
                    done.increment();
                }
                ends[idx] = System.nanoTime();
                cpuNanos.add(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                finished.countDown();
            }, "argon2-" + i);
            t.start();
        }
        finished.await();
        long end = 0;
        for (long e : ends) {
            end = Math.max(end, e);
        }
        double rate = done.sum() / ((end - t0) / 1e9);
        cpuMsPerHash[0] = cpuNanos.sum() / 1e6 / Math.max(1, done.sum());
        Bench.log("raw Argon2id %s, %d thread(s): %.2f hashes/s, %.1f ms CPU per hash", cost.label(), threads, rate, cpuMsPerHash[0]);
        return rate;
    }
}
