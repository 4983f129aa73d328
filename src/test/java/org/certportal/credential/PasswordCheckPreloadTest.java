package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.scheduling.TaskScheduler;

/** The blocklist and zxcvbn's dictionaries are read after the first pages, not while they are served (issue 17, start). */
class PasswordCheckPreloadTest {

    @Test
    void theReadIsScheduledFiveSecondsAfterThePortalIsReadyNotStartedAtOnce() {
        Instant ready = Instant.parse("2026-12-02T13:40:00Z");
        TaskScheduler scheduler = Mockito.mock(TaskScheduler.class);
        Mockito.when(scheduler.getClock()).thenReturn(Clock.fixed(ready, ZoneOffset.UTC));
        PasswordBlocklist blocklist = Mockito.mock(PasswordBlocklist.class);
        PasswordPolicy policy = Mockito.mock(PasswordPolicy.class);

        new PasswordCheckPreload(blocklist, policy, scheduler).afterStart();

        Mockito.verify(blocklist, Mockito.never()).preload();
        Mockito.verify(policy, Mockito.never()).preload();
        ArgumentCaptor<Runnable> task = ArgumentCaptor.forClass(Runnable.class);
        ArgumentCaptor<Instant> when = ArgumentCaptor.forClass(Instant.class);
        Mockito.verify(scheduler).schedule(task.capture(), when.capture());
        assertThat(when.getValue()).isEqualTo(ready.plusSeconds(5));
        task.getValue().run();
        Mockito.verify(blocklist).preload();
        Mockito.verify(policy).preload();
    }
}
