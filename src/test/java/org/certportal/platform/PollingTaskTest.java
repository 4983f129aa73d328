package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.SimpleTriggerContext;

class PollingTaskTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Instant STARTED = Instant.parse("2026-12-01T23:00:00Z");
    private static final Instant ENDED = STARTED.plusMillis(30);

    private final AtomicInteger found = new AtomicInteger();
    private final PollingTask task = new PollingTask("test-worker", INTERVAL, 20, () -> {
        int n = found.get();
        if (n < 0) {
            throw new IllegalStateException("database down");
        }
        return n;
    });

    private Instant nextAfterAPassThatFound(int rows) {
        found.set(rows);
        task.run();
        return task.nextExecution(new SimpleTriggerContext(STARTED, STARTED, ENDED));
    }

    @Test
    void theFirstPassRunsAsSoonAsTheSchedulerStarts() {
        SimpleTriggerContext never = new SimpleTriggerContext();
        assertThat(task.nextExecution(never)).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
    }

    @Test
    void aPassThatFoundLessThanABatchIsFollowedOnePollIntervalAfterItEnded() {
        assertThat(nextAfterAPassThatFound(0)).isEqualTo(ENDED.plus(INTERVAL));
        assertThat(nextAfterAPassThatFound(19)).isEqualTo(ENDED.plus(INTERVAL));
    }

    @Test
    void aPassThatFoundAFullBatchIsFollowedAtOnceUntilTheBacklogIsDrained() {
        assertThat(nextAfterAPassThatFound(20)).isEqualTo(ENDED);
        assertThat(nextAfterAPassThatFound(3)).isEqualTo(ENDED.plus(INTERVAL));
    }

    @Test
    void aFailedPassIsLoggedAndTriedAgainAfterThePollInterval() {
        assertThat(nextAfterAPassThatFound(20)).isEqualTo(ENDED);
        assertThat(nextAfterAPassThatFound(-1)).isEqualTo(ENDED.plus(INTERVAL));
    }

    @Test
    void aPassRunsUnderTheWorkersNameAndGivesTheThreadItsNameBack() {
        String before = Thread.currentThread().getName();
        AtomicInteger seen = new AtomicInteger();
        new PollingTask("named-worker", INTERVAL, 20, () -> {
            seen.set(Thread.currentThread().getName().equals("named-worker") ? 1 : 0);
            return 0;
        }).run();
        assertThat(seen).hasValue(1);
        assertThat(Thread.currentThread().getName()).isEqualTo(before);
    }
}
