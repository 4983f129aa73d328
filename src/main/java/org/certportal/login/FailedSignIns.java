package org.certportal.login;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditSubject;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.mail.AccountMail;
import org.certportal.mail.Outbox;
import org.certportal.throttle.RateLimiter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a wrong password or a wrong second-factor code does, in one place so that both count alike:
 * the address's rate limit, the subject's count in {@link SignInGuard}, the audit line, and when
 * that failure locks the account, the lock's audit line and its email.
 */
@Component
class FailedSignIns {

    private final SignInGuard guard;
    private final RateLimiter rateLimiter;
    private final AuditLog audit;
    private final Outbox outbox;
    private final AccountMail mail;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;

    FailedSignIns(SignInGuard guard, RateLimiter rateLimiter, AuditLog audit, Outbox outbox, AccountMail mail, Clock clock, MeterRegistry meters,
            TransactionTemplate tx) {
        this.guard = guard;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.outbox = outbox;
        this.mail = mail;
        this.clock = clock;
        this.meters = meters;
        this.tx = tx;
    }

    /** Records one failure of {@code subject}; {@code account} is null for an unknown username. */
    SignInGuard.FailureOutcome record(Account account, String username, String subject, String address, AuditType auditType, String detail) {
        rateLimiter.hit(addressKey(address), rateLimiter.limits().signInFailures());
        SignInGuard.FailureOutcome outcome = guard.failure(subject);
        meters.counter("certportal.sign-ins", "outcome", "failure").increment();
        Long accountId = account == null ? null : account.id();
        audit.record(SecurityEvent.of(auditType, AuditOutcome.FAILURE).about(new AuditSubject(accountId, clip(username))).from(address).detail(detail));
        if (outcome.justLocked()) {
            // Counted once per lock, not per refused attempt: a jump in this rate across many
            // accounts (or unknown usernames) is the sign of credential stuffing that operators alert on.
            meters.counter("certportal.lockouts", "scope", subject.startsWith("d:") ? "device" : account == null ? "unknown-username" : "account",
                    "permanent", Boolean.toString(outcome.permanent())).increment();
            onLocked(account, subject, address, outcome);
        }
        return outcome;
    }

    private void onLocked(Account account, String subject, String address, SignInGuard.FailureOutcome outcome) {
        if (account == null) {
            return;
        }
        String until = outcome.permanent() ? "" : mail.time(outcome.lockedUntil());
        String detail = (outcome.permanent() ? "locked until support unlocks it" : "locked until " + mail.logTime(outcome.lockedUntil()))
                + (subject.startsWith("d:") ? " (this device only)" : "");
        audit.record(SecurityEvent.of(AuditType.ACCOUNT_LOCKED, AuditOutcome.SUCCESS).about(account.id(), account.username())
                .by(AuditActor.system()).from(address).detail(detail));
        if (subject.startsWith("d:")) {
            return;
        }
        // In the language the account chose last, not the sign-in page's: the failed attempts
        // may be a stranger's, and the email goes to the account holder.
        tx.executeWithoutResult(status -> outbox.enqueue(mail.to(account, "account-locked", Map.of(
                "when", mail.time(clock.instant()),
                "from", mail.from(address),
                "until", until,
                "permanent", Boolean.toString(outcome.permanent())))));
    }

    static String addressKey(String address) {
        return "sign-in-failures:" + (address == null ? "unknown" : address);
    }

    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
