package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.TriggerTask;

/** Issue 17: the background workers are tasks on Spring's scheduler, not threads of their own. */
class BackgroundWorkIT extends IntegrationTest {

    @Autowired
    List<ScheduledTaskHolder> holders;

    @Test
    void theOutboxDispatcherAndTheRecoveryWorkerArePollingTasksOnSpringsScheduler() {
        List<String> polling = holders.stream().flatMap(h -> h.getScheduledTasks().stream())
                .map(t -> t.getTask())
                .filter(t -> t instanceof TriggerTask trigger && trigger.getTrigger() instanceof PollingTask)
                .map(t -> t.getRunnable().toString())
                .toList();
        assertThat(polling).containsExactlyInAnyOrder("outbox-dispatcher", "recovery-worker");
    }
}
