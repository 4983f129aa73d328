package org.certportal.bench;

import java.net.URI;

/**
 * Scrapes the portal's /actuator/prometheus every few seconds for the whole sign-in load, as a
 * monitoring server would. Its share of the server's work is part of what is measured, and the
 * scrape code is warm before the measured window, which itself starts and ends with a scrape.
 */
final class MetricsScraper implements AutoCloseable {

    static final long PERIOD_MILLIS = 10_000;

    private final Thread thread;
    private volatile boolean stop;

    private MetricsScraper(URI base) {
        thread = new Thread(() -> {
            while (!stop) {
                try {
                    Prometheus.scrape(base);
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

    static MetricsScraper start(URI base) {
        MetricsScraper s = new MetricsScraper(base);
        s.thread.start();
        return s;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
