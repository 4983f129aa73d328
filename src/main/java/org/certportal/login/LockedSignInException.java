package org.certportal.login;

import java.time.Instant;
import org.springframework.security.authentication.LockedException;

/** A sign-in refused because the account (or the username, existing or not) is locked. */
public class LockedSignInException extends LockedException {

    private final transient Instant until;
    private final boolean permanent;

    public LockedSignInException(Instant until, boolean permanent) {
        super("locked");
        this.until = until;
        this.permanent = permanent;
    }

    public Instant until() {
        return until;
    }

    public boolean permanent() {
        return permanent;
    }
}
