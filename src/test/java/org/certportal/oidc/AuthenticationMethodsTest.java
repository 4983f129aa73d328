package org.certportal.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.certportal.login.PortalAuthentication;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class AuthenticationMethodsTest {

    private static final Instant SIGN_IN = Instant.parse("2026-12-01T08:00:00Z");

    private static GrantedAuthority factor(String authority, Instant at) {
        return FactorGrantedAuthority.withAuthority(authority).issuedAt(at).build();
    }

    @Test
    void thePasswordAloneIsPwdAtThePasswordLevel() {
        List<GrantedAuthority> session = List.of(new SimpleGrantedAuthority("ROLE_USER"), factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, SIGN_IN));
        assertThat(AuthenticationMethods.amr(session)).containsExactly("pwd");
        assertThat(AuthenticationMethods.acr(session)).isEqualTo(AuthenticationMethods.ACR_PASSWORD);
        assertThat(AuthenticationMethods.authTime(session)).isEqualTo(SIGN_IN);
    }

    @Test
    void aCodeAfterThePasswordIsOtpAndMfaAndAuthTimeIsTheFirstFactor() {
        List<GrantedAuthority> session = List.of(factor(PortalAuthentication.TOTP, SIGN_IN.plusSeconds(20)),
                factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, SIGN_IN));
        assertThat(AuthenticationMethods.amr(session)).containsExactly("otp", "pwd", "mfa");
        assertThat(AuthenticationMethods.acr(session)).isEqualTo(AuthenticationMethods.ACR_MFA);
        assertThat(AuthenticationMethods.authTime(session)).isEqualTo(SIGN_IN);

        List<GrantedAuthority> recovery = List.of(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, SIGN_IN), factor(PortalAuthentication.RECOVERY_CODE, SIGN_IN));
        assertThat(AuthenticationMethods.amr(recovery)).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void aPasskeyIsHwkAndCountsAsASecondFactor() {
        List<GrantedAuthority> session = List.of(factor(FactorGrantedAuthority.WEBAUTHN_AUTHORITY, SIGN_IN));
        assertThat(AuthenticationMethods.amr(session)).containsExactly("hwk");
        assertThat(AuthenticationMethods.acr(session)).isEqualTo(AuthenticationMethods.ACR_MFA);
    }

    @Test
    void acrValuesAskForASecondFactorOnlyByItsExactName() {
        assertThat(AuthenticationMethods.asksForSecondFactor("urn:other " + AuthenticationMethods.ACR_MFA)).isTrue();
        assertThat(AuthenticationMethods.asksForSecondFactor(AuthenticationMethods.ACR_MFA + "x")).isFalse();
        assertThat(AuthenticationMethods.asksForSecondFactor(null)).isFalse();
    }
}
