package org.certportal.login;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditSubject;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.throttle.RateLimiter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.stereotype.Component;

/**
 * A passkey at {@code POST /login/webauthn}, in place of Spring Security's WebAuthnAuthenticationProvider
 * (not an AuthenticationProvider bean itself: a second one would stop Spring Security from giving the
 * password's {@link PortalAuthenticationProvider} to the form login)
 * (which would load a UserDetails and know nothing of the portal's rules). Spring's relying-party
 * operations verify the assertion (challenge, origin, rpId, signature, user verification); then:
 * <ul>
 * <li>From /login (no session, or a finished one): a sign-in without a password. A disabled or unknown
 * account is refused as a wrong password is, a locked one as a locked one is; what a sign-in does once
 * it holds is {@link SignInSuccess}, shared with passwords. The session holds FACTOR_WEBAUTHN only,
 * which {@link SecondFactorRule} accepts on its own (user verification is required).</li>
 * <li>From /login/second-factor (the password given, the factor asked): the passkey must be one of the
 * same account's, and is checked under that account's lockout like a code ({@link CodeAttempts}):
 * another account's passkey counts as a wrong code.</li>
 * </ul>
 */
@Component
class PasskeySignIn {

    private final WebAuthnRelyingPartyOperations relyingParty;
    private final AccountService accounts;
    private final SignInGuard guard;
    private final DeviceCookies devices;
    private final RateLimiter rateLimiter;
    private final CodeAttempts attempts;
    private final SignInUpkeep upkeep;
    private final SignInSuccess success;
    private final AuditLog audit;
    private final Clock clock;

    PasskeySignIn(WebAuthnRelyingPartyOperations relyingParty, AccountService accounts, SignInGuard guard, DeviceCookies devices, RateLimiter rateLimiter,
            CodeAttempts attempts, SignInUpkeep upkeep, SignInSuccess success, AuditLog audit, Clock clock) {
        this.relyingParty = relyingParty;
        this.accounts = accounts;
        this.guard = guard;
        this.devices = devices;
        this.rateLimiter = rateLimiter;
        this.attempts = attempts;
        this.upkeep = upkeep;
        this.success = success;
        this.audit = audit;
        this.clock = clock;
    }

    Authentication authenticate(WebAuthnAuthenticationRequestToken token) throws AuthenticationException {
        SignInDetails details = token.getDetails() instanceof SignInDetails d ? d : new SignInDetails(null, null);
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.getPrincipal() instanceof PortalUser user && user.secondFactorAsked()) {
            return secondStep(token, current, user, details);
        }
        return signIn(token, details);
    }

    private Authentication signIn(WebAuthnAuthenticationRequestToken token, SignInDetails details) {
        String address = details.clientAddress();
        RateLimiter.Decision addressLimit = rateLimiter.peek(FailedSignIns.addressKey(address), rateLimiter.limits().signInFailures());
        if (!addressLimit.allowed()) {
            audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.THROTTLED).about(AuditSubject.claimed("-")).from(address)
                    .detail("passkey refused: too many failed sign-ins from this address"));
            throw new ThrottledSignInException(addressLimit.retryAfter());
        }
        Optional<PublicKeyCredentialUserEntity> entity = verify(token);
        Optional<Account> found = entity.flatMap(e -> accounts.findByUsername(e.getName()));
        Account account = found.filter(Account::isActive).orElse(null);
        if (account == null) {
            // Counted against the address as a wrong password is; a passkey cannot be guessed, so no account's count.
            rateLimiter.hit(FailedSignIns.addressKey(address), rateLimiter.limits().signInFailures());
            audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.FAILURE)
                    .about(new AuditSubject(found.map(Account::id).orElse(null), found.map(Account::username).orElse("-"))).from(address)
                    .detail(entity.isEmpty() ? "passkey not accepted" : found.isEmpty() ? "passkey of no account" : "passkey of a disabled account"));
            throw new BadCredentialsException("passkey refused");
        }
        String subject = devices.guardSubject(details.deviceCookie(), account.id());
        if (guard.acquire(subject) instanceof SignInGuard.Locked locked) {
            audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.LOCKED).about(account.id(), account.username()).from(address)
                    .detail("passkey refused: locked"));
            throw new LockedSignInException(locked.until(), locked.permanent());
        }
        guard.success(subject);
        PortalUser user = success.signedIn(account, upkeep.requiredChange(account), false, true, details, subject);
        return withDetails(PortalAuthentication.afterPasskey(user, clock.instant()), details);
    }

    private Authentication secondStep(WebAuthnAuthenticationRequestToken token, Authentication current, PortalUser user, SignInDetails details) {
        if (PortalAuthentication.passwordTooOldForTheSecondStep(current, clock.instant())) {
            throw new SecondStepExpiredException();
        }
        Account account = accounts.findById(user.accountId()).filter(Account::isActive)
                .orElseThrow(() -> new BadCredentialsException("account no longer active"));
        AtomicReference<String> owner = new AtomicReference<>();
        CodeAttempts.Outcome outcome = attempts.attempt(account, details.clientAddress(), details.deviceCookie(), AuditType.SECOND_FACTOR, () -> {
            verify(token).ifPresent(e -> owner.set(e.getName()));
            return account.username().equals(owner.get());
        });
        if (outcome instanceof CodeAttempts.Locked locked) {
            throw new LockedSignInException(locked.until(), locked.permanent());
        }
        if (!(outcome instanceof CodeAttempts.Passed)) {
            throw new BadCredentialsException("not a passkey of this account");
        }
        audit.record(SecurityEvent.of(AuditType.SECOND_FACTOR, AuditOutcome.SUCCESS).about(account.id(), account.username())
                .by(AuditActor.of(account.username())).from(details.clientAddress()).detail("with a passkey"));
        return PortalAuthentication.replacing(current, user.withSecondFactor(SecondFactorStep.PASSED), FactorGrantedAuthority.WEBAUTHN_AUTHORITY,
                clock.instant());
    }

    /** The user entity of a verified assertion; empty when Spring's checks refuse it (unknown key, bad signature, no UV...). */
    private Optional<PublicKeyCredentialUserEntity> verify(WebAuthnAuthenticationRequestToken token) {
        try {
            return Optional.ofNullable(relyingParty.authenticate(token.getWebAuthnRequest()));
        } catch (RuntimeException refused) {
            return Optional.empty();
        }
    }

    private static Authentication withDetails(Authentication authentication, SignInDetails details) {
        ((AbstractAuthenticationToken) authentication).setDetails(details);
        return authentication;
    }
}
