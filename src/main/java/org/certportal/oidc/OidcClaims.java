package org.certportal.oidc;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * The claims of the provider's tokens. {@code sub} is the account's opaque subject (see
 * {@link Subjects}) in ID and access tokens alike; the ID token adds the profile
 * ({@code preferred_username}, {@code name}, {@code email}, {@code email_verified}) and how the
 * person signed in ({@code auth_time}, {@code amr}, {@code acr}; see {@link AuthenticationMethods}).
 * The userinfo endpoint answers from the ID token's claims, so it says the same. {@code nonce} is
 * the authorization server's.
 *
 * <p>{@code email_verified} is false: an administrator types the address in, and the portal does not
 * ask its owner to prove it (emailed links prove it for one recovery, not for good).
 *
 * <p>An account that is no longer active (disabled, deleted) gets no token, also not by refresh; and
 * no refresh succeeds later than {@link Clients#REFRESH_TOKEN_TTL} after the sign-in.
 */
@Component
class OidcClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final AccountService accounts;
    private final Subjects subjects;
    private final AuditLog audit;
    private final java.time.Clock clock;

    OidcClaims(AccountService accounts, Subjects subjects, AuditLog audit, java.time.Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.subjects = subjects;
        this.audit = audit;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        Authentication principal = context.getPrincipal();
        Account account = accounts.findByUsername(principal.getName()).filter(Account::isActive)
                .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The account is not active", null)));
        Instant authTime = AuthenticationMethods.authTime(principal.getAuthorities());
        if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
                && (authTime == null || clock.instant().isAfter(authTime.plus(Clients.REFRESH_TOKEN_TTL)))) {
            // Rotation gives every refresh token a fresh lifetime; this bounds the chain: no token from a
            // sign-in older than the refresh token's lifetime, however often it was refreshed (ASVS 10.4.8).
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "Sign in again", null));
        }
        var claims = context.getClaims();
        claims.subject(subjects.of(account.id()));
        if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            return;
        }
        claims.claim(StandardClaimNames.PREFERRED_USERNAME, account.username());
        claims.claim(StandardClaimNames.NAME, account.displayName() == null || account.displayName().isBlank() ? account.username() : account.displayName());
        claims.claim(StandardClaimNames.EMAIL, account.email());
        claims.claim(StandardClaimNames.EMAIL_VERIFIED, false);
        List<String> amr = AuthenticationMethods.amr(principal.getAuthorities());
        claims.claim("amr", amr);
        claims.claim(IdTokenClaimNames.ACR, AuthenticationMethods.acr(principal.getAuthorities()));
        if (authTime != null) {
            claims.claim(IdTokenClaimNames.AUTH_TIME, Date.from(authTime));
        }
        if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
            audit.record(SecurityEvent.of(AuditType.OIDC_SIGN_IN, AuditOutcome.SUCCESS).about(account.id(), account.username())
                    .by(AuditActor.of(account.username()))
                    .detail("client " + context.getRegisteredClient().getClientId() + " amr " + String.join(" ", amr)));
        }
    }
}
