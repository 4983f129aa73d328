package org.certportal.credential;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts reading the shipped blocklist once the portal serves requests. Read while the application
 * started, it took the second of the 2 cores from the start for most of a second (6% of the CPU
 * samples up to the first served page); after the start it is ready long before anyone sets a
 * password, and a password set earlier waits for it. The administration commands do not load this
 * class: only {@code user add --password-stdin} reads the list there, at its first lookup.
 */
@Component
class BlocklistPreload {

    private final PasswordBlocklist blocklist;

    BlocklistPreload(PasswordBlocklist blocklist) {
        this.blocklist = blocklist;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        blocklist.preload();
    }
}
