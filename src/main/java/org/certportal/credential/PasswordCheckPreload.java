package org.certportal.credential;

import java.time.Duration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Reads what a new password is checked against (the shipped blocklist, zxcvbn's dictionaries) a few
 * seconds after the portal serves requests. Read with the beans, they took the start's main thread
 * (zxcvbn, 0.2 s) or its second core (the blocklist, most of a second); read at the moment the portal
 * was ready, the blocklist still took a core from the first page (70 samples on its thread against the
 * first request's 54, by JFR). A few seconds later both are still ready long before anyone sets a
 * password, and a password checked earlier waits for them. The administration commands do not load
 * this class: {@code user add --password-stdin} reads both at its first check.
 */
@Component
class PasswordCheckPreload {

    static final Duration AFTER_READY = Duration.ofSeconds(5);

    private final PasswordBlocklist blocklist;
    private final PasswordPolicy policy;
    private final TaskScheduler scheduler;

    PasswordCheckPreload(PasswordBlocklist blocklist, PasswordPolicy policy, TaskScheduler scheduler) {
        this.blocklist = blocklist;
        this.policy = policy;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        scheduler.schedule(() -> {
            blocklist.preload();
            policy.preload();
        }, scheduler.getClock().instant().plus(AFTER_READY));
    }
}
