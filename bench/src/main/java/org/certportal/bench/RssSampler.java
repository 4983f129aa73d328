package org.certportal.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** VmRSS of the server process (from /proc/PID/status) every 500 ms while the load runs. */
final class RssSampler implements AutoCloseable {

    private final long pid;
    private final long t0Nanos;
    private final List<long[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(long pid, long t0Nanos) {
        this.pid = pid;
        this.t0Nanos = t0Nanos;
        this.thread = new Thread(this::loop, "rss-sampler");
        thread.setDaemon(true);
        if (pid > 0) {
            thread.start();
        }
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private void loop() {
        while (running) {
            long kib = rssKib(pid);
            synchronized (samples) {
                samples.add(new long[] {(System.nanoTime() - t0Nanos) / 1_000_000, kib});
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long max() {
        synchronized (samples) {
            return samples.stream().mapToLong(s -> s[1]).max().orElse(-1);
        }
    }

    void write(Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("t_ms,rss_kib");
            synchronized (samples) {
                for (long[] s : samples) {
                    w.println(s[0] + "," + s[1]);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
