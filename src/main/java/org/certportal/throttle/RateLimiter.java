package org.certportal.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.certportal.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fixed-window counters in the database. A hit is one atomic UPDATE, so two nodes counting the
 * same key never both let the last request through.
 */
@Service
public class RateLimiter {

    /** The answer to a hit: allowed or not, and when the window ends. */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ThrottleProperties properties;

    public RateLimiter(JdbcClient jdbc, Clock clock, ThrottleProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** Counts one hit on {@code key} and says whether it stays within the limit. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Decision hit(String key, ThrottleProperties.Limit limit) {
        if (!properties.enabled()) {
            return Decision.ALLOWED;
        }
        Instant now = clock.instant();
        Instant windowEdge = now.minus(limit.window());
        int updated = increment(key, now, windowEdge);
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO throttle_bucket (bucket_key, window_start, hits) VALUES (?,?,1)")
                        .param(key).param(Timestamps.db(now)).update();
            } catch (DuplicateKeyException raced) {
                increment(key, now, windowEdge);
            }
        }
        return state(key, limit, now, false);
    }

    /** Whether {@code key} is over its limit now, without counting a hit. */
    public Decision peek(String key, ThrottleProperties.Limit limit) {
        if (!properties.enabled()) {
            return Decision.ALLOWED;
        }
        return state(key, limit, clock.instant(), true);
    }

    /**
     * After a hit, the limit is exceeded past {@code count} hits; before an attempt (peek), it is
     * exceeded once {@code count} hits are used up.
     */
    private Decision state(String key, ThrottleProperties.Limit limit, Instant now, boolean beforeAttempt) {
        record Bucket(Instant start, int hits) {
        }
        Bucket b = jdbc.sql("SELECT window_start, hits FROM throttle_bucket WHERE bucket_key = ?").param(key)
                .query((rs, i) -> new Bucket(Timestamps.instant(rs, "window_start"), rs.getInt("hits"))).optional().orElse(null);
        if (b == null || b.start().isBefore(now.minus(limit.window())) || (beforeAttempt ? b.hits() < limit.count() : b.hits() <= limit.count())) {
            return Decision.ALLOWED;
        }
        Duration retry = Duration.between(now, b.start().plus(limit.window()));
        return new Decision(false, retry.isNegative() ? Duration.ZERO : retry);
    }

    private int increment(String key, Instant now, Instant windowEdge) {
        return jdbc.sql("UPDATE throttle_bucket SET "
                        + "hits = CASE WHEN window_start <= ? THEN 1 ELSE hits + 1 END, "
                        + "window_start = CASE WHEN window_start <= ? THEN ? ELSE window_start END "
                        + "WHERE bucket_key = ?")
                .param(Timestamps.db(windowEdge)).param(Timestamps.db(windowEdge)).param(Timestamps.db(now)).param(key)
                .update();
    }

    /** A window that started longer ago than the longest configured window (and a day) counts nothing any more. */
    @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "PT15M", fixedDelayString = "PT1H")
    void deleteExpiredWindows() {
        Duration keep = java.util.stream.Stream.of(properties.signInFailuresWindow(), properties.recoveryRequestsWindow(),
                properties.recoveryEmailsWindow(), Duration.ofDays(1)).max(Duration::compareTo).orElseThrow();
        jdbc.sql("DELETE FROM throttle_bucket WHERE window_start < ?").param(Timestamps.db(clock.instant().minus(keep))).update();
    }

    public ThrottleProperties limits() {
        return properties;
    }
}
