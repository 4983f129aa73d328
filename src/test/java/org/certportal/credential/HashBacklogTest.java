package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.certportal.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** When a new sign-in is refused at once rather than queued for its hash (issue 17, load shedding). */
class HashBacklogTest {

    private final MutableClock clock = MutableClock.frozenAt(Instant.parse("2026-12-02T05:00:00Z"));

    @Test
    void anEmptyQueueNeverRefuses() {
        HashBacklog backlog = new HashBacklog(Duration.ofSeconds(5), 2, clock);
        backlog.finished(Duration.ofSeconds(30));
        assertThat(backlog.expectedWait()).isZero();
        assertThat(backlog.overloaded()).isFalse();
    }

    @Test
    void theQueueLengthTimesTheMeanHashTimeOverTheSlotsIsTheExpectedWait() {
        HashBacklog backlog = new HashBacklog(Duration.ofSeconds(5), 2, clock);
        backlog.finished(Duration.ofMillis(1000));
        for (int i = 0; i < 10; i++) {
            backlog.arrived();
        }
        // 10 waiting, 1 s each, 2 at a time: 5 s, which is the bound and not beyond it
        assertThat(backlog.expectedWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backlog.overloaded()).isFalse();
        long eleventh = backlog.arrived();
        assertThat(backlog.expectedWait()).isEqualTo(Duration.ofMillis(5500));
        assertThat(backlog.overloaded()).isTrue();
        backlog.started(eleventh);
        assertThat(backlog.overloaded()).isFalse();
    }

    @Test
    void admissionsHoldTheirPlaceSoTheFifthOfABurstIsRefusedBeforeAnyHashQueued() {
        HashBacklog backlog = new HashBacklog(Duration.ofMillis(300), 1, clock);
        backlog.finished(Duration.ofMillis(100));
        // places held: 0, 1, 2, 3 hashes of 100 ms ahead, which is the bound and not beyond it
        for (int i = 0; i < 4; i++) {
            assertThat(backlog.admit()).as("admission " + (i + 1)).isPositive();
        }
        assertThat(backlog.admit()).as("the fifth would wait 400 ms").isEqualTo(-1);
        assertThat(backlog.waiting()).as("a refusal holds no place").isEqualTo(4);
    }

    @Test
    void theMeanFollowsRecentHashes() {
        HashBacklog backlog = new HashBacklog(Duration.ofSeconds(5), 1, clock);
        backlog.finished(Duration.ofMillis(100));
        for (int i = 0; i < 20; i++) {
            backlog.finished(Duration.ofMillis(1000));
        }
        backlog.arrived();
        // after twenty slow hashes the first fast one no longer counts (the JIT, or other load, changed the cost)
        assertThat(backlog.expectedWait().toMillis()).isBetween(990L, 1000L);
    }

    @Test
    void theOldestWaitingHashsAgeCountsBeforeAnyHashHasFinished() {
        HashBacklog backlog = new HashBacklog(Duration.ofSeconds(5), 4, clock);
        long first = backlog.arrived();
        clock.advance(Duration.ofSeconds(3));
        backlog.arrived();
        assertThat(backlog.expectedWait()).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofMillis(2001));
        assertThat(backlog.overloaded()).as("the oldest has waited 5.001 s").isTrue();
        backlog.started(first);
        assertThat(backlog.expectedWait()).as("the next oldest has waited 2.001 s").isEqualTo(Duration.ofMillis(2001));
        assertThat(backlog.overloaded()).isFalse();
    }

    @Test
    void zeroMeansNeverRefuse() {
        HashBacklog backlog = new HashBacklog(Duration.ZERO, 1, clock);
        backlog.finished(Duration.ofSeconds(1));
        for (int i = 0; i < 1000; i++) {
            backlog.arrived();
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(backlog.overloaded()).isFalse();
    }
}
