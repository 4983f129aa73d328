package org.certportal.login;

import java.time.Duration;
import java.time.Instant;

/**
 * The lockout rules as pure functions of the counters and the time. {@link SignInGuard} applies
 * the same rules inside single SQL statements so that they hold under concurrency; this class is
 * what the rest of the code (and the unit tests) reason with.
 */
public final class LockoutPolicy {

    private final int maxFailures;
    private final Duration duration;
    private final int permanentAfter;

    public LockoutPolicy(int maxFailures, Duration duration, int permanentAfter) {
        this.maxFailures = maxFailures;
        this.duration = duration;
        this.permanentAfter = permanentAfter;
    }

    public static LockoutPolicy of(LockoutProperties p) {
        return new LockoutPolicy(p.maxFailures(), p.duration(), p.permanentAfter());
    }

    /** May a new password check start? Locked subjects are refused; so is one whose slots are all in flight. */
    public boolean mayCheck(GuardState s, Instant now) {
        if (s.isLocked(now)) {
            return false;
        }
        return effectiveFailures(s, now) + s.inFlight() < maxFailures;
    }

    /** A lock that has lifted by itself starts a fresh count. */
    public int effectiveFailures(GuardState s, Instant now) {
        return s.lockedUntil() != null && !s.lockedUntil().isAfter(now) ? 0 : s.failedAttempts();
    }

    public GuardState afterFailure(GuardState s, Instant now) {
        int failures = effectiveFailures(s, now) + 1;
        int consecutive = s.consecutiveFailures() + 1;
        Instant until = failures >= maxFailures ? now.plus(duration) : (s.isLocked(now) ? s.lockedUntil() : null);
        return new GuardState(failures, Math.max(0, s.inFlight() - 1), until, consecutive, s.hardLocked() || consecutive >= permanentAfter);
    }

    public GuardState afterSuccess(GuardState s) {
        return new GuardState(0, Math.max(0, s.inFlight() - 1), null, 0, s.hardLocked());
    }

    public Instant lockedUntil(Instant now) {
        return now.plus(duration);
    }

    public int maxFailures() {
        return maxFailures;
    }

    public int permanentAfter() {
        return permanentAfter;
    }

    public Duration duration() {
        return duration;
    }
}
