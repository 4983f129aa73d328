package org.certportal.oidc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.certportal.login.PortalAuthentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * How the person signed in, as the ID token says it: {@code amr} values of RFC 8176 from the
 * factors this very session gave ({@link FactorGrantedAuthority}), {@code acr} one of two levels,
 * and {@code auth_time} the time of the session's first factor.
 *
 * <ul>
 * <li>{@code pwd}: the password (also an emailed temporary password);</li>
 * <li>{@code otp}: an authenticator app's code or a recovery code (both one-time codes);</li>
 * <li>{@code hwk}: a passkey (a key held in a device);</li>
 * <li>{@code mfa}: added when two or more of them were given.</li>
 * </ul>
 */
public final class AuthenticationMethods {

    /** acr: the session holds a second factor (an authenticator code, a recovery code or a passkey). */
    public static final String ACR_MFA = "urn:certportal:acr:mfa";
    /** acr: the password only. */
    public static final String ACR_PASSWORD = "urn:certportal:acr:pwd";

    private AuthenticationMethods() {
    }

    public static List<String> amr(Collection<? extends GrantedAuthority> authorities) {
        List<String> amr = new ArrayList<>();
        int factors = 0;
        for (GrantedAuthority a : authorities) {
            if (!(a instanceof FactorGrantedAuthority)) {
                continue;
            }
            String value = switch (a.getAuthority()) {
                case FactorGrantedAuthority.PASSWORD_AUTHORITY -> "pwd";
                case PortalAuthentication.TOTP, PortalAuthentication.RECOVERY_CODE -> "otp";
                case FactorGrantedAuthority.WEBAUTHN_AUTHORITY -> "hwk";
                default -> null;
            };
            if (value != null) {
                factors++;
                if (!amr.contains(value)) {
                    amr.add(value);
                }
            }
        }
        if (factors >= 2) {
            amr.add("mfa");
        }
        return amr;
    }

    public static String acr(Collection<? extends GrantedAuthority> authorities) {
        for (GrantedAuthority a : authorities) {
            if (a instanceof FactorGrantedAuthority && PortalAuthentication.SECOND_FACTORS.contains(a.getAuthority())) {
                return ACR_MFA;
            }
        }
        return ACR_PASSWORD;
    }

    /** When the session's first factor was given (the sign-in), or null when it holds none. */
    public static Instant authTime(Collection<? extends GrantedAuthority> authorities) {
        Instant first = null;
        for (GrantedAuthority a : authorities) {
            if (a instanceof FactorGrantedAuthority f && (first == null || f.getIssuedAt().isBefore(first))) {
                first = f.getIssuedAt();
            }
        }
        return first;
    }

    /** Whether the requested {@code acr_values} (space-separated) ask for a second factor. */
    static boolean asksForSecondFactor(String acrValues) {
        if (acrValues == null) {
            return false;
        }
        for (String v : acrValues.trim().split("\\s+")) {
            if (v.equals(ACR_MFA)) {
                return true;
            }
        }
        return false;
    }
}
