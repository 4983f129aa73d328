package org.certportal.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.certportal.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Attempt counting in the database, shared by every node. A password check may only start after
 * {@link #acquire} has reserved a slot with one conditional UPDATE: failures plus checks in flight
 * never exceed {@code max-failures}, so a burst of parallel guesses gets at most that many checks.
 * A correct sign-in that finds every slot taken waits for them to resolve instead of being refused.
 */
@Component
public class SignInGuard {

    /** In-flight reservations older than this belong to a node that died mid-check. */
    private static final Duration STALE = Duration.ofMinutes(2);

    public sealed interface Acquired permits Granted, Locked {
    }

    public record Granted() implements Acquired {
    }

    public record Locked(Instant until, boolean permanent) implements Acquired {
    }

    public record FailureOutcome(boolean justLocked, boolean locked, Instant lockedUntil, boolean permanent) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LockoutProperties properties;
    private final LockoutPolicy policy;

    public SignInGuard(JdbcClient jdbc, Clock clock, LockoutProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.policy = LockoutPolicy.of(properties);
    }

    public LockoutPolicy policy() {
        return policy;
    }

    public Acquired acquire(String subject) {
        long deadline = System.nanoTime() + properties.inFlightWait().toNanos();
        long pause = 5;
        while (true) {
            Instant now = clock.instant();
            int n = jdbc.sql("UPDATE sign_in_guard SET "
                            + "failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 0 ELSE failed_attempts END, "
                            + "locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL ELSE locked_until END, "
                            + "in_flight = CASE WHEN in_flight_since IS NULL OR in_flight_since < ? THEN 1 ELSE in_flight + 1 END, "
                            + "in_flight_since = ?, updated_at = ? "
                            + "WHERE subject = ? AND hard_locked = FALSE AND (locked_until IS NULL OR locked_until <= ?) "
                            + "AND (CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 0 ELSE failed_attempts END) "
                            + "  + (CASE WHEN in_flight_since IS NULL OR in_flight_since < ? THEN 0 ELSE in_flight END) < ?")
                    .param(ts(now)).param(ts(now)).param(ts(now.minus(STALE))).param(ts(now)).param(ts(now))
                    .param(subject).param(ts(now)).param(ts(now)).param(ts(now.minus(STALE))).param(policy.maxFailures())
                    .update();
            if (n == 1) {
                return new Granted();
            }
            // The row is created on the first attempt for a subject, not looked up before every
            // reservation: a sign-in runs one statement fewer.
            Optional<GuardState> found = find(subject);
            if (found.isEmpty()) {
                createRow(subject);
                continue;
            }
            GuardState state = found.get();
            if (state.isLocked(now)) {
                return new Locked(state.lockedUntil(), state.hardLocked());
            }
            if (System.nanoTime() > deadline) {
                // Every slot stayed busy for the whole wait: most likely an attack in progress.
                return new Locked(now.plusSeconds(1), false);
            }
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    public void success(String subject) {
        jdbc.sql("UPDATE sign_in_guard SET in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END, "
                        + "failed_attempts = 0, consecutive_failures = 0, updated_at = ? WHERE subject = ?")
                .param(ts(clock.instant())).param(subject).update();
    }

    public FailureOutcome failure(String subject) {
        Instant now = clock.instant();
        Instant until = policy.lockedUntil(now).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        jdbc.sql("UPDATE sign_in_guard SET in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END, "
                        + "failed_attempts = failed_attempts + 1, consecutive_failures = consecutive_failures + 1, "
                        + "locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END, "
                        + "hard_locked = CASE WHEN consecutive_failures + 1 >= ? THEN TRUE ELSE hard_locked END, "
                        + "updated_at = ? WHERE subject = ?")
                .param(policy.maxFailures()).param(ts(until)).param(policy.permanentAfter()).param(ts(now)).param(subject)
                .update();
        GuardState s = state(subject);
        // Reservations keep failures + in-flight below the maximum, so only one failure per lock window reaches it.
        boolean justLocked = s.failedAttempts() == policy.maxFailures()
                || (s.hardLocked() && s.consecutiveFailures() == policy.permanentAfter());
        return new FailureOutcome(justLocked, s.isLocked(now), s.lockedUntil(), s.hardLocked());
    }

    /** Gives back a reserved slot without counting anything (the check could not run). */
    public void release(String subject) {
        jdbc.sql("UPDATE sign_in_guard SET in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END WHERE subject = ?")
                .param(subject).update();
    }

    /** Support's unlock: clears the lock, the count and the permanent lock. */
    public boolean unlock(String subject) {
        GuardState before = state(subject);
        jdbc.sql("UPDATE sign_in_guard SET failed_attempts = 0, consecutive_failures = 0, locked_until = NULL, hard_locked = FALSE, updated_at = ? WHERE subject = ?")
                .param(ts(clock.instant())).param(subject).update();
        return before.isLocked(clock.instant()) || before.failedAttempts() > 0;
    }

    public GuardState state(String subject) {
        return find(subject).orElse(GuardState.CLEAN);
    }

    public Optional<GuardState> find(String subject) {
        return jdbc.sql("SELECT failed_attempts, in_flight, locked_until, consecutive_failures, hard_locked FROM sign_in_guard WHERE subject = ?")
                .param(subject)
                .query((rs, i) -> new GuardState(rs.getInt(1), rs.getInt(2), Timestamps.instant(rs, "locked_until"), rs.getInt(4), rs.getBoolean(5)))
                .optional();
    }

    public boolean isLocked(String subject) {
        return state(subject).isLocked(clock.instant());
    }

    /**
     * Counters of usernames that do not exist are created by anyone who types a name: once they
     * have been idle for a day and are not locked they carry no information and are deleted.
     */
    @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
    void deleteIdleUnknownUsernames() {
        Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        jdbc.sql("DELETE FROM sign_in_guard WHERE subject LIKE 'u:%' AND updated_at < ? AND hard_locked = FALSE "
                        + "AND (locked_until IS NULL OR locked_until < ?) AND in_flight = 0")
                .param(ts(dayAgo)).param(ts(clock.instant())).update();
    }

    private void createRow(String subject) {
        try {
            jdbc.sql("INSERT INTO sign_in_guard (subject, failed_attempts, in_flight, consecutive_failures, hard_locked, updated_at) VALUES (?,0,0,0,FALSE,?)")
                    .param(subject).param(ts(clock.instant())).update();
        } catch (DuplicateKeyException raced) {
            // another request created it first: fine
        }
    }

    private static java.time.OffsetDateTime ts(Instant i) {
        return Timestamps.db(i);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for other sign-in attempts", e);
        }
    }
}
