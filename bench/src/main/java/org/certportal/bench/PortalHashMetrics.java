package org.certportal.bench;

import java.net.URI;

/**
 * The portal's own hash timers from /actuator/prometheus (served to loopback): how long a hash took
 * inside the server (wall time, so it grows when other work takes the cores) and how long sign-ins
 * queued for a hashing slot, and the CPU time of the hashing threads (NaN from a portal without that
 * timer). Null when the endpoint does not answer.
 */
record PortalHashMetrics(long count, double seconds, double queueSeconds, double cpuSeconds) {

    static PortalHashMetrics read(URI base) {
        try {
            String body = Prometheus.scrape(base);
            return new PortalHashMetrics((long) required(body, "certportal_password_hash_seconds_count"),
                    required(body, "certportal_password_hash_seconds_sum"), required(body, "certportal_password_hash_queue_seconds_sum"),
                    Prometheus.value(body, "certportal_password_hash_cpu_seconds_sum"));
        } catch (Exception e) {
            Bench.log("no hash timers from %s/actuator/prometheus: %s", base, e);
            return null;
        }
    }

    private static double required(String body, String name) {
        double v = Prometheus.value(body, name);
        if (Double.isNaN(v)) {
            throw new IllegalStateException(name + " not found");
        }
        return v;
    }
}
