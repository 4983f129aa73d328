package org.certportal.login;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.account.AccountValidation;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditSubject;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.credential.PasswordContext;
import org.certportal.credential.PasswordHasher;
import org.certportal.credential.PasswordPolicy;
import org.certportal.credential.PasswordProblem;
import org.certportal.credential.TemporaryPasswords;
import org.certportal.mail.AccountMail;
import org.certportal.mail.Outbox;
import org.certportal.platform.Secrets;
import org.certportal.throttle.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in. The order matters: a slot is reserved in {@link SignInGuard} before the password is
 * checked, an unknown username goes through the same steps (its own counter, a dummy hash of the
 * same cost), and a locked subject is refused without any password check.
 */
@Component
class PortalAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(PortalAuthenticationProvider.class);

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final TemporaryPasswords temporaryPasswords;
    private final SignInGuard guard;
    private final DeviceCookies devices;
    private final RateLimiter rateLimiter;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Secrets secrets;
    private final AccountMail mail;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;
    private final ExecutorService rehashing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "password-rehash");
        t.setDaemon(true);
        return t;
    });

    PortalAuthenticationProvider(AccountService accounts, PasswordHasher hasher, PasswordPolicy policy, TemporaryPasswords temporaryPasswords,
            SignInGuard guard, DeviceCookies devices, RateLimiter rateLimiter, AuditLog audit, Outbox outbox, Secrets secrets,
            AccountMail mail, Clock clock, MeterRegistry meters, TransactionTemplate tx) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.policy = policy;
        this.temporaryPasswords = temporaryPasswords;
        this.guard = guard;
        this.devices = devices;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.outbox = outbox;
        this.secrets = secrets;
        this.mail = mail;
        this.clock = clock;
        this.meters = meters;
        this.tx = tx;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication request) throws AuthenticationException {
        String username = request.getName() == null ? "" : request.getName().trim();
        String password = request.getCredentials() == null ? "" : request.getCredentials().toString();
        SignInDetails details = request.getDetails() instanceof SignInDetails d ? d : new SignInDetails(null, null);
        String address = details.clientAddress();

        RateLimiter.Decision addressLimit = rateLimiter.peek(addressKey(address), rateLimiter.limits().signInFailures());
        if (!addressLimit.allowed()) {
            meters.counter("certportal.sign-ins", "outcome", "throttled").increment();
            audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.THROTTLED).about(AuditSubject.claimed(clip(username))).from(address)
                    .detail("too many failed sign-ins from this address"));
            throw new ThrottledSignInException(addressLimit.retryAfter());
        }

        Optional<Account> found = AccountValidation.usernameProblem(username).isEmpty() ? accounts.findByUsername(username) : Optional.empty();
        Account account = found.filter(a -> a.isActive()).orElse(null);
        String subject = subjectFor(found.orElse(null), username, details.deviceCookie());

        SignInGuard.Acquired slot = guard.acquire(subject);
        if (slot instanceof SignInGuard.Locked locked) {
            meters.counter("certportal.sign-ins", "outcome", "locked").increment();
            audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.LOCKED).about(new AuditSubject(found.map(Account::id).orElse(null), clip(username)))
                    .from(address).detail("refused without a password check: locked"));
            throw new LockedSignInException(locked.until(), locked.permanent());
        }

        boolean counted = false;
        try {
            boolean temporary = false;
            boolean ok;
            if (account != null) {
                ok = hasher.matches(password, account.passwordHash());
                if (!ok) {
                    temporary = temporaryPasswords.consume(account.id(), password);
                    ok = temporary;
                }
            } else {
                hasher.dummyCheck(password);
                temporaryPasswords.consume(-1, password);
                ok = false;
            }
            counted = true;
            if (ok) {
                guard.success(subject);
                return succeed(account, password, temporary, details, subject);
            }
            fail(found.orElse(null), username, subject, address);
            throw new BadCredentialsException("bad credentials");
        } finally {
            if (!counted) {
                guard.release(subject);
            }
        }
    }

    private String subjectFor(Account account, String username, String deviceCookie) {
        if (account == null) {
            return "u:" + secrets.keyedHash("unknown-username", Account.usernameKey(username.isEmpty() ? "-" : clip(username))).substring(0, 40);
        }
        return devices.verify(deviceCookie, account.id()).map(DeviceCookies.Device::subject).orElse(AccountLocks.subject(account.id()));
    }

    private Authentication succeed(Account account, String password, boolean temporary, SignInDetails details, String subject) {
        accounts.recordSignIn(account.id());
        String reason = null;
        if (temporary) {
            reason = "temporary";
        } else if (account.mustChangePassword()) {
            reason = account.mustChangeReason() == null ? "required" : account.mustChangeReason();
        } else if (!policy.fingerprint().equals(account.policyFingerprint())) {
            // Only when the policy changed since this password was last checked: zxcvbn and the
            // optional online check cost milliseconds that every sign-in would otherwise pay.
            PasswordPolicy.SignInCheck check = policy.checkAtSignIn(password, new PasswordContext(account.username(), account.email(), account.displayName()));
            Optional<PasswordProblem> weak = check.problems().stream().findFirst();
            if (weak.isPresent()) {
                reason = "insecure:" + weak.get().code();
                accounts.requirePasswordChange(account.id(), reason);
                audit.record(SecurityEvent.of(AuditType.PASSWORD_CHANGE_REQUIRED, AuditOutcome.SUCCESS).about(account.id(), account.username())
                        .by(AuditActor.system()).from(details.clientAddress()).detail("password no longer meets the policy: " + weak.get().code()));
            } else if (check.complete()) {
                accounts.markPolicyChecked(account.id(), policy.fingerprint());
            }
            // else the breach check could not be made: the next sign-in tries again
        }
        if (!temporary && hasher.needsUpgrade(account.passwordHash())) {
            scheduleRehash(account, password);
        }
        meters.counter("certportal.sign-ins", "outcome", "success").increment();
        audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.SUCCESS).about(account.id(), account.username())
                .by(AuditActor.of(account.username())).from(details.clientAddress())
                .detail((temporary ? "with a temporary password" : "with password") + (subject.startsWith("d:") ? ", known device" : "")));
        PortalUser user = new PortalUser(account.id(), account.username(), account.role(), reason, temporary);
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities());
    }

    private void fail(Account account, String username, String subject, String address) {
        rateLimiter.hit(addressKey(address), rateLimiter.limits().signInFailures());
        SignInGuard.FailureOutcome outcome = guard.failure(subject);
        meters.counter("certportal.sign-ins", "outcome", "failure").increment();
        Long accountId = account == null ? null : account.id();
        audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.FAILURE).about(new AuditSubject(accountId, clip(username))).from(address)
                .detail(account == null ? "unknown username" : "wrong password"));
        if (outcome.justLocked()) {
            // Counted once per lock, not per refused attempt: a jump in this rate across many
            // accounts (or unknown usernames) is the sign of credential stuffing that operators alert on.
            meters.counter("certportal.lockouts", "scope", subject.startsWith("d:") ? "device" : account == null ? "unknown-username" : "account",
                    "permanent", Boolean.toString(outcome.permanent())).increment();
            onLocked(account, username, subject, address, outcome);
        }
        if (outcome.locked()) {
            throw new LockedSignInException(outcome.lockedUntil(), outcome.permanent());
        }
    }

    private void onLocked(Account account, String username, String subject, String address, SignInGuard.FailureOutcome outcome) {
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

    private void scheduleRehash(Account account, String password) {
        rehashing.execute(() -> {
            try {
                String upgraded = hasher.hash(password);
                if (accounts.rehash(account.id(), account.passwordHash(), upgraded)) {
                    audit.record(SecurityEvent.of(AuditType.PASSWORD_REHASHED, AuditOutcome.SUCCESS).about(account.id(), account.username())
                            .by(AuditActor.system()).detail("hash upgraded to the current Argon2id cost"));
                }
            } catch (RuntimeException e) {
                log.warn("Could not upgrade the password hash of account {}: {}", account.id(), e.toString());
            }
        });
    }

    private static String addressKey(String address) {
        return "sign-in-failures:" + (address == null ? "unknown" : address);
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
