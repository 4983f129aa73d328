package org.certportal.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The authentication a portal session holds: the person's role authorities plus one
 * {@link FactorGrantedAuthority} per factor the session has given (Spring Security 7's
 * multi-factor model): {@code FACTOR_PASSWORD} after the password, {@link #TOTP} after an
 * authenticator code, {@link #RECOVERY_CODE} after a recovery code, {@code FACTOR_WEBAUTHN} after a
 * passkey (as the second step, or alone: see {@link SecondFactorRule}).
 */
public final class PortalAuthentication {

    /** An authenticator app's code (RFC 6238). Spring Security has no constant for it. */
    public static final String TOTP = "FACTOR_TOTP";
    /** A recovery code, the fallback second factor. */
    public static final String RECOVERY_CODE = "FACTOR_RECOVERY_CODE";
    /** Every factor authority that counts as a second factor. */
    public static final List<String> SECOND_FACTORS = List.of(TOTP, RECOVERY_CODE, FactorGrantedAuthority.WEBAUTHN_AUTHORITY);

    /** How long after the password the second step may come (a code or a passkey). */
    public static final java.time.Duration SECOND_STEP_TIME = java.time.Duration.ofMinutes(10);

    private PortalAuthentication() {
    }

    /** Whether the session's password factor is older than {@link #SECOND_STEP_TIME} (or missing). */
    static boolean passwordTooOldForTheSecondStep(Authentication authentication, Instant now) {
        for (GrantedAuthority a : authentication.getAuthorities()) {
            if (a instanceof FactorGrantedAuthority f && FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(f.getAuthority())) {
                Instant at = f.getIssuedAt();
                return at == null || at.plus(SECOND_STEP_TIME).isBefore(now);
            }
        }
        return true;
    }

    /** A fresh sign-in with the password. */
    static Authentication afterPassword(PortalUser user, Instant at) {
        List<GrantedAuthority> authorities = new ArrayList<>(user.authorities());
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(at).build());
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    /** A fresh sign-in with a user-verified passkey, no password: the passkey is the session's only factor. */
    static Authentication afterPasskey(PortalUser user, Instant at) {
        List<GrantedAuthority> authorities = new ArrayList<>(user.authorities());
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY).issuedAt(at).build());
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    /**
     * The same session with an updated principal: the factors it held are kept, {@code newFactor}
     * (when not null) is added, and the role authorities are those of {@code updated}.
     */
    public static Authentication replacing(Authentication current, PortalUser updated, String newFactor, Instant at) {
        List<GrantedAuthority> authorities = new ArrayList<>(updated.authorities());
        if (current != null) {
            for (GrantedAuthority a : current.getAuthorities()) {
                if (a instanceof FactorGrantedAuthority && !a.getAuthority().equals(newFactor)) {
                    authorities.add(a);
                }
            }
        }
        if (newFactor != null) {
            authorities.add(FactorGrantedAuthority.withAuthority(newFactor).issuedAt(at).build());
        }
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(updated, null, authorities);
        if (current != null) {
            token.setDetails(current.getDetails());
        }
        return token;
    }

    /** Whether the authentication holds a second factor (any of {@link #SECOND_FACTORS}). */
    public static boolean hasSecondFactor(Authentication authentication) {
        return authentication != null && has(authentication.getAuthorities(), SECOND_FACTORS);
    }

    private static boolean has(Collection<? extends GrantedAuthority> granted, List<String> wanted) {
        for (GrantedAuthority a : granted) {
            if (a instanceof FactorGrantedAuthority && wanted.contains(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
