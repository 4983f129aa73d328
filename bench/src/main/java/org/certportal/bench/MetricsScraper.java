package org.certportal.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scrapes the portal's /actuator/prometheus every few seconds for the whole sign-in load, as a
 * monitoring server would. Its share of the server's work is part of what is measured, and the
 * scrape code is warm before the measured window, which itself starts and ends with a scrape.
 *
 * <p>Each scrape also reads the hashing threads' CPU timer: the CPU time of one hash, interval by
 * interval, shows whether the machine itself changed speed during the run (on a shared VM it does),
 * which the raw measurements before and after cannot show.
 */
final class MetricsScraper implements AutoCloseable {

    static final long PERIOD_MILLIS = 10_000;
    /** Intervals with fewer hashes say little about the hash's cost. */
    private static final long MIN_HASHES = 20;

    record Sample(double seconds, long hashes, double cpuSeconds) {
    }

    private final Thread thread;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean stop;

    private MetricsScraper(URI base, long t0) {
        thread = new Thread(() -> {
            while (!stop) {
                try {
                    String body = Prometheus.scrape(base);
                    double count = Prometheus.value(body, "certportal_password_hash_cpu_seconds_count");
                    double cpu = Prometheus.value(body, "certportal_password_hash_cpu_seconds_sum");
                    if (!Double.isNaN(count) && !Double.isNaN(cpu)) {
                        synchronized (samples) {
                            samples.add(new Sample((System.nanoTime() - t0) / 1e9, (long) count, cpu));
                        }
                    }
                } catch (Exception e) {
                    // the figures that need it report their own failure; nothing to do here
                }
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "metrics-scraper");
        thread.setDaemon(true);
    }

    static MetricsScraper start(URI base, long t0) {
        MetricsScraper s = new MetricsScraper(base, t0);
        s.thread.start();
        return s;
    }

    /** CPU milliseconds per hash in each scrape interval with enough hashes, by the interval's end (seconds since t0). */
    Map<Double, Double> hashCpuMsPerInterval() {
        Map<Double, Double> series = new TreeMap<>();
        synchronized (samples) {
            for (int i = 1; i < samples.size(); i++) {
                Sample a = samples.get(i - 1);
                Sample b = samples.get(i);
                long hashes = b.hashes() - a.hashes();
                if (hashes >= MIN_HASHES) {
                    series.put(b.seconds(), (b.cpuSeconds() - a.cpuSeconds()) * 1000 / hashes);
                }
            }
        }
        return series;
    }

    /** Min, median and max of {@link #hashCpuMsPerInterval()} between two instants (seconds since t0); empty without data. */
    double[] hashCpuMsRange(double fromSeconds, double toSeconds) {
        List<Double> values = new ArrayList<>(hashCpuMsPerInterval().entrySet().stream()
                .filter(e -> e.getKey() > fromSeconds && e.getKey() <= toSeconds).map(Map.Entry::getValue).toList());
        if (values.isEmpty()) {
            return new double[0];
        }
        values.sort(null);
        return new double[] {values.get(0), values.get(values.size() / 2), values.get(values.size() - 1)};
    }

    void write(Path csv) throws IOException {
        StringBuilder sb = new StringBuilder("seconds,hash_cpu_ms\n");
        hashCpuMsPerInterval().forEach((s, ms) -> sb.append(String.format(Locale.ROOT, "%.1f,%.2f%n", s, ms)));
        Files.writeString(csv, sb.toString());
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
