package org.certportal.credential;

import java.time.Duration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Starts reading the shipped blocklist a few seconds after the portal serves requests. Read while the
 * application started, it took the second of the 2 cores from the start for most of a second (6% of the
 * CPU samples up to the first served page); read at the moment the portal was ready, it still took it
 * from the first page (70 samples on its thread against the first request's 54, by JFR). A few seconds
 * later it is still ready long before anyone sets a password, and a password set earlier waits for it.
 * The administration commands do not load this class: only {@code user add --password-stdin} reads the
 * list there, at its first lookup.
 */
@Component
class BlocklistPreload {

    static final Duration AFTER_READY = Duration.ofSeconds(5);

    private final PasswordBlocklist blocklist;
    private final TaskScheduler scheduler;

    BlocklistPreload(PasswordBlocklist blocklist, TaskScheduler scheduler) {
        this.blocklist = blocklist;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        scheduler.schedule(blocklist::preload, scheduler.getClock().instant().plus(AFTER_READY));
    }
}
