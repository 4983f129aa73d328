package org.certportal.login;

import java.util.function.Supplier;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * "An account with a second factor needs both": for such an account's session, the password factor
 * and one second factor, or a passkey alone (user-verified, so multi-factor by itself), as Spring Security's {@link AllRequiredFactorsAuthorizationManager}s check
 * them from the session's {@code FactorGrantedAuthority}s. Sessions of accounts without a second
 * factor pass. Installed as the additional authorization of the request rules' factory (see
 * SecurityConfig), so it applies to every rule but {@code permitAll}: one place for every page,
 * whatever a later controller forgets. {@link SecondFactorGate} turns the refusal into a redirect
 * for people; this rule is what holds when a path is not gated.
 */
public final class SecondFactorRule<T> implements AuthorizationManager<T> {

    private final AuthorizationManager<T> passwordAndSecondFactor;

    @SuppressWarnings("unchecked")
    public SecondFactorRule() {
        this.passwordAndSecondFactor = AuthorizationManagers.anyOf(
                both(PortalAuthentication.TOTP),
                both(PortalAuthentication.RECOVERY_CODE),
                both(FactorGrantedAuthority.WEBAUTHN_AUTHORITY),
                // A passkey sign-in has no password: the passkey is possession and, with the user
                // verification the portal requires, a PIN or biometric: multi-factor on its own.
                AllRequiredFactorsAuthorizationManager.<T>builder().requireFactor(f -> f.authority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)).build());
    }

    private static <T> AuthorizationManager<T> both(String secondFactor) {
        return AllRequiredFactorsAuthorizationManager.<T>builder()
                .requireFactor(f -> f.passwordAuthority())
                .requireFactor(f -> f.authority(secondFactor))
                .build();
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, T object) {
        Authentication auth = authentication.get();
        if (auth != null && auth.getPrincipal() instanceof PortalUser user && user.hasSecondFactor()) {
            return passwordAndSecondFactor.authorize(authentication, object);
        }
        return new AuthorizationDecision(true);
    }
}
