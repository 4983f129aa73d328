package org.certportal.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one phase (HdrHistogram, 1 us .. 10 min, 3 digits) plus every completion as an
 * event (time, latency, ok) for the over-time plots.
 */
final class Recorder {

    record Event(long atMillis, long flowMicros, long postMicros, boolean ok) {
    }

    final String phase;
    final long t0Nanos;
    private final Histogram flow = new Histogram(1, 600_000_000L, 3);
    private final Histogram post = new Histogram(1, 600_000_000L, 3);
    final AtomicLong ok = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    volatile long startNanos;
    volatile long endNanos;

    Recorder(String phase, long t0Nanos) {
        this.phase = phase;
        this.t0Nanos = t0Nanos;
    }

    void success(long completedNanos, long flowNanos, long postNanos) {
        synchronized (this) {
            flow.recordValue(Math.max(1, flowNanos / 1000));
            post.recordValue(Math.max(1, postNanos / 1000));
        }
        ok.incrementAndGet();
        events.add(new Event((completedNanos - t0Nanos) / 1_000_000, flowNanos / 1000, postNanos / 1000, true));
    }

    void error(long completedNanos, long flowNanos, Throwable t) {
        errors.incrementAndGet();
        Throwable c = t;
        while (c.getCause() != null && c != c.getCause()) {
            c = c.getCause();
        }
        String kind = c instanceof Browser.FlowException ? c.getMessage() : c.getClass().getSimpleName();
        if (kind != null && kind.length() > 120) {
            kind = kind.substring(0, 120);
        }
        errorKinds.computeIfAbsent(String.valueOf(kind), k -> new AtomicLong()).incrementAndGet();
        events.add(new Event((completedNanos - t0Nanos) / 1_000_000, flowNanos / 1000, 0, false));
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Figures under {@code prefix_phase_...}; rate counts completions inside the phase's window. */
    synchronized Map<String, Object> figures(String prefix) {
        Map<String, Object> r = new LinkedHashMap<>();
        String p = prefix + "_" + phase + "_";
        r.put(p + "seconds", seconds());
        r.put(p + "ok", ok.get());
        r.put(p + "errors", errors.get() + dropped.get());
        r.put(p + "rate", ok.get() / seconds());
        r.put(p + "p50_ms", flow.getValueAtPercentile(50) / 1000.0);
        r.put(p + "p95_ms", flow.getValueAtPercentile(95) / 1000.0);
        r.put(p + "p99_ms", flow.getValueAtPercentile(99) / 1000.0);
        r.put(p + "max_ms", flow.getMaxValue() / 1000.0);
        r.put(p + "post_p50_ms", post.getValueAtPercentile(50) / 1000.0);
        r.put(p + "post_p99_ms", post.getValueAtPercentile(99) / 1000.0);
        if (!errorKinds.isEmpty()) {
            r.put(p + "error_kinds", errorKinds.toString().replace('\n', ' '));
        }
        return r;
    }

    static void writeEvents(Path file, List<Recorder> phases) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING))) {
            w.println("phase,t_ms,flow_us,post_us,ok");
            for (Recorder rec : phases) {
                for (Event e : rec.events) {
                    w.printf(Locale.ROOT, "%s,%d,%d,%d,%d%n", rec.phase, e.atMillis(), e.flowMicros(), e.postMicros(), e.ok() ? 1 : 0);
                }
            }
        }
    }
}
