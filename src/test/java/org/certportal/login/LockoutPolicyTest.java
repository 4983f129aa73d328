package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final LockoutPolicy policy = new LockoutPolicy(5, Duration.ofHours(1), 100);

    @Test
    void theFifthConsecutiveFailureLocksForOneHour() {
        GuardState s = GuardState.CLEAN;
        for (int i = 0; i < 4; i++) {
            s = policy.afterFailure(s, NOW);
            assertThat(s.isLocked(NOW)).isFalse();
        }
        s = policy.afterFailure(s, NOW);
        assertThat(s.isLocked(NOW)).isTrue();
        assertThat(s.lockedUntil()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(s.isLocked(NOW.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(s.isLocked(NOW.plus(Duration.ofMinutes(60)))).isFalse();
    }

    @Test
    void aSuccessResetsTheCount() {
        GuardState s = GuardState.CLEAN;
        for (int i = 0; i < 4; i++) {
            s = policy.afterFailure(s, NOW);
        }
        s = policy.afterSuccess(s);
        assertThat(s.failedAttempts()).isZero();
        assertThat(s.consecutiveFailures()).isZero();
        s = policy.afterFailure(s, NOW);
        assertThat(s.isLocked(NOW)).isFalse();
    }

    @Test
    void checksInFlightCountAgainstTheRemainingAttempts() {
        GuardState three = new GuardState(3, 1, null, 3, false);
        assertThat(policy.mayCheck(three, NOW)).isTrue();
        GuardState full = new GuardState(3, 2, null, 3, false);
        assertThat(policy.mayCheck(full, NOW)).isFalse();
    }

    @Test
    void aLockedSubjectGetsNoCheckAndALiftedLockStartsAFreshCount() {
        GuardState locked = new GuardState(5, 0, NOW.plusSeconds(60), 5, false);
        assertThat(policy.mayCheck(locked, NOW)).isFalse();
        Instant later = NOW.plusSeconds(61);
        assertThat(policy.mayCheck(locked, later)).isTrue();
        assertThat(policy.effectiveFailures(locked, later)).isZero();
        GuardState after = policy.afterFailure(locked, later);
        assertThat(after.failedAttempts()).isEqualTo(1);
        assertThat(after.consecutiveFailures()).isEqualTo(6);
    }

    @Test
    void aHundredConsecutiveFailuresLockUntilSupportActs() {
        GuardState s = GuardState.CLEAN;
        Instant t = NOW;
        for (int i = 0; i < 100; i++) {
            s = policy.afterFailure(s, t);
            if (s.lockedUntil() != null && !s.hardLocked()) {
                t = s.lockedUntil();
            }
        }
        assertThat(s.hardLocked()).isTrue();
        assertThat(s.isLocked(t.plus(Duration.ofDays(365)))).isTrue();
        assertThat(policy.mayCheck(s, t.plus(Duration.ofDays(365)))).isFalse();
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(DurationText.of(Duration.ofHours(1))).isEqualTo("one hour");
        assertThat(DurationText.of(Duration.ofHours(2))).isEqualTo("2 hours");
        assertThat(DurationText.of(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(DurationText.of(Duration.ofSeconds(20))).isEqualTo("one minute");
    }
}
