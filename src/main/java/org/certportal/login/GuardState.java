package org.certportal.login;

import java.time.Instant;

/** The sign-in counters of one subject (an account, a known device, or a username that does not exist). */
public record GuardState(int failedAttempts, int inFlight, Instant lockedUntil, int consecutiveFailures, boolean hardLocked) {

    public static final GuardState CLEAN = new GuardState(0, 0, null, 0, false);

    public boolean isLocked(Instant now) {
        return hardLocked || (lockedUntil != null && lockedUntil.isAfter(now));
    }
}
