package org.certportal.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The portal's own hash timers from /actuator/prometheus (served to loopback): how long a hash took
 * inside the server (wall time, so it grows when other work takes the cores) and how long sign-ins
 * queued for a hashing slot. Null when the endpoint does not answer.
 */
record PortalHashMetrics(long count, double seconds, double queueSeconds) {

    static PortalHashMetrics read(URI base) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String body = client.send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new PortalHashMetrics((long) value(body, "certportal_password_hash_seconds_count"),
                    value(body, "certportal_password_hash_seconds_sum"), value(body, "certportal_password_hash_queue_seconds_sum"));
        } catch (Exception e) {
            Bench.log("no hash timers from %s/actuator/prometheus: %s", base, e);
            return null;
        }
    }

    private static double value(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        throw new IllegalStateException(name + " not found");
    }
}
