package org.certportal.login;

import java.time.Clock;
import java.time.Instant;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.springframework.stereotype.Service;

/** The lock of an account as support sees it, and support's way to lift it. */
@Service
public class AccountLocks {

    public record LockStatus(boolean locked, boolean permanent, Instant lockedUntil, int failedAttempts, int consecutiveFailures) {
    }

    private final SignInGuard guard;
    private final AuditLog audit;
    private final Clock clock;

    AccountLocks(SignInGuard guard, AuditLog audit, Clock clock) {
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    public LockStatus status(long accountId) {
        GuardState s = guard.state(subject(accountId));
        Instant now = clock.instant();
        boolean locked = s.isLocked(now);
        return new LockStatus(locked, s.hardLocked(), locked ? s.lockedUntil() : null, guard.policy().effectiveFailures(s, now), s.consecutiveFailures());
    }

    /** How long a lock lasts before it lifts by itself. */
    public java.time.Duration lockDuration() {
        return guard.policy().duration();
    }

    public boolean isLocked(long accountId) {
        return guard.isLocked(subject(accountId));
    }

    /** Lifts the lock at once (and a permanent one); recorded with the agent's name. */
    public boolean unlock(long accountId, String username, AuditActor actor, String clientAddress) {
        boolean wasLocked = guard.unlock(subject(accountId));
        audit.record(SecurityEvent.of(AuditType.ACCOUNT_UNLOCKED, AuditOutcome.SUCCESS).about(accountId, username).by(actor).from(clientAddress)
                .detail(wasLocked ? "lock lifted" : "was not locked"));
        return wasLocked;
    }

    static String subject(long accountId) {
        return "a:" + accountId;
    }
}
