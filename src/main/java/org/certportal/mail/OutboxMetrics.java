package org.certportal.mail;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How long the oldest undelivered email has been waiting, for the operators' alert. The queue's
 * length alone does not tell a relay outage from a busy minute: a hundred emails queued during a
 * burst of recovery requests go out in seconds, while one email waiting for twenty minutes means
 * nothing goes out at all. Read from the database at each scrape, so every node reports the shared
 * outbox, as the {@code certportal.outbox.queued} and {@code .failed} gauges do.
 */
@Component
class OutboxMetrics {

    private final JdbcClient jdbc;
    private final Clock clock;

    OutboxMetrics(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("certportal.outbox.oldest.waiting", this, OutboxMetrics::oldestWaitingSeconds)
                .baseUnit("seconds")
                .description("age of the oldest email not yet delivered nor given up (queued, retrying or being sent); 0 when none")
                .register(meters);
    }

    double oldestWaitingSeconds() {
        try {
            Instant oldest = jdbc.sql("SELECT MIN(created_at) AS oldest FROM outbox WHERE status IN (?, ?)")
                    .param(Outbox.QUEUED).param(Outbox.SENDING)
                    .query((rs, i) -> Timestamps.instant(rs, "oldest")).list().get(0);
            if (oldest == null) {
                return 0;
            }
            return Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
        } catch (RuntimeException e) {
            // An unreachable database shows as a gap in the graph, not as a stale number.
            return Double.NaN;
        }
    }
}
