package org.certportal.login;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.account.AccountValidation;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditSubject;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.credential.PasswordHasher;
import org.certportal.credential.TemporaryPasswords;
import org.certportal.platform.Secrets;
import org.certportal.throttle.RateLimiter;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Sign-in. The order matters: a slot is reserved in {@link SignInGuard} before the password is
 * checked, an unknown username goes through the same steps (its own counter, a dummy hash of the
 * same cost), and a locked subject is refused without any password check. What a failure does is
 * in {@link FailedSignIns} (shared with the second step), the upkeep after a right password in
 * {@link SignInUpkeep}, and what every sign-in does once it holds (passkeys too) in {@link SignInSuccess}. An account with a second factor comes out of here with the password factor
 * only and no role: {@link SecondFactorGate} and {@link SecondFactorRule} take it from there.
 */
@Component
class PortalAuthenticationProvider implements AuthenticationProvider {

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final TemporaryPasswords temporaryPasswords;
    private final SignInGuard guard;
    private final DeviceCookies devices;
    private final RateLimiter rateLimiter;
    private final AuditLog audit;
    private final Secrets secrets;
    private final FailedSignIns failures;
    private final SignInUpkeep upkeep;
    private final SignInSuccess success;
    private final Clock clock;
    private final MeterRegistry meters;

    PortalAuthenticationProvider(AccountService accounts, PasswordHasher hasher, TemporaryPasswords temporaryPasswords, SignInGuard guard,
            DeviceCookies devices, RateLimiter rateLimiter, AuditLog audit, Secrets secrets, FailedSignIns failures, SignInUpkeep upkeep,
            SignInSuccess success, Clock clock, MeterRegistry meters) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.temporaryPasswords = temporaryPasswords;
        this.guard = guard;
        this.devices = devices;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.secrets = secrets;
        this.failures = failures;
        this.upkeep = upkeep;
        this.success = success;
        this.clock = clock;
        this.meters = meters;
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

        RateLimiter.Decision addressLimit = rateLimiter.peek(FailedSignIns.addressKey(address), rateLimiter.limits().signInFailures());
        if (!addressLimit.allowed()) {
            meters.counter("certportal.sign-ins", "outcome", "throttled").increment();
            audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.THROTTLED).about(AuditSubject.claimed(FailedSignIns.clip(username))).from(address)
                    .detail("too many failed sign-ins from this address"));
            throw new ThrottledSignInException(addressLimit.retryAfter());
        }

        // Before the account lookup and the guard: the same answer for every username (no enumeration),
        // and nothing counted toward a lockout, since no password was checked.
        try (PasswordHasher.Admission admission = hasher.admitNewSignIn()) {
            if (admission.refused()) {
                meters.counter("certportal.sign-ins", "outcome", "busy").increment();
                throw new BusySignInException();
            }
            return checkPassword(username, password, details, address);
        }
    }

    private Authentication checkPassword(String username, String password, SignInDetails details, String address) {
        Optional<Account> found = AccountValidation.usernameProblem(username).isEmpty() ? accounts.findByUsername(username) : Optional.empty();
        Account account = found.filter(a -> a.isActive()).orElse(null);
        String subject = subjectFor(found.orElse(null), username, details.deviceCookie());

        SignInGuard.Acquired slot = guard.acquire(subject);
        if (slot instanceof SignInGuard.Locked locked) {
            meters.counter("certportal.sign-ins", "outcome", "locked").increment();
            audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.LOCKED).about(new AuditSubject(found.map(Account::id).orElse(null), FailedSignIns.clip(username)))
                    .from(address).detail("refused without a password check: locked"));
            throw new LockedSignInException(locked.until(), locked.permanent());
        }

        boolean counted = false;
        try {
            boolean temporary = false;
            boolean ok;
            if (account != null) {
                ok = hasher.matches(password, account.passwordHash(), PasswordHasher.Priority.SIGN_IN);
                if (!ok) {
                    temporary = temporaryPasswords.consume(account.id(), password);
                    ok = temporary;
                }
            } else {
                hasher.dummyCheck(password, PasswordHasher.Priority.SIGN_IN);
                temporaryPasswords.consume(-1, password);
                ok = false;
            }
            counted = true;
            if (ok) {
                guard.success(subject);
                return succeed(account, password, temporary, details, subject);
            }
            SignInGuard.FailureOutcome outcome = failures.record(found.orElse(null), username, subject, address, AuditType.SIGN_IN,
                    found.isEmpty() ? "unknown username" : "wrong password");
            if (outcome.locked()) {
                throw new LockedSignInException(outcome.lockedUntil(), outcome.permanent());
            }
            throw new BadCredentialsException("bad credentials");
        } finally {
            if (!counted) {
                guard.release(subject);
            }
        }
    }

    /** The guard subject of a sign-in: the device when its cookie holds for this account, else the account. */
    String subjectFor(Account account, String username, String deviceCookie) {
        if (account == null) {
            return "u:" + secrets.keyedHash("unknown-username", Account.usernameKey(username.isEmpty() ? "-" : FailedSignIns.clip(username))).substring(0, 40);
        }
        return devices.guardSubject(deviceCookie, account.id());
    }

    private Authentication succeed(Account account, String password, boolean temporary, SignInDetails details, String subject) {
        String reason = upkeep.changeReason(account, password, temporary, details.clientAddress());
        upkeep.upgradeHashIfOld(account, password, temporary);
        PortalUser user = success.signedIn(account, reason, temporary, false, details, subject);
        Authentication result = PortalAuthentication.afterPassword(user, clock.instant());
        ((UsernamePasswordAuthenticationToken) result).setDetails(details);
        return result;
    }
}
