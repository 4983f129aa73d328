package org.certportal.factor;

import java.net.URI;
import java.util.Set;
import org.certportal.platform.PortalProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Passkeys on Spring Security's WebAuthn: its JDBC repositories (tables in V13, so every node sees
 * every passkey and its signature count) and its webauthn4j relying party. The relying party id is
 * the host of {@code certportal.base-url} and the only origin accepted is that URL's origin: never the
 * request's Host header. Passkeys are discoverable (resident key required, so /login needs no
 * username) and user verification is required at registration and at every sign-in, which is what
 * lets a passkey alone count as multi-factor.
 */
@Configuration(proxyBeanMethods = false)
class PasskeyConfig {

    @Bean
    PublicKeyCredentialUserEntityRepository passkeyUserEntities(JdbcOperations jdbc) {
        return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
    }

    @Bean
    UserCredentialRepository passkeyCredentials(JdbcOperations jdbc) {
        return new JdbcUserCredentialRepository(jdbc);
    }

    @Bean
    WebAuthnRelyingPartyOperations passkeyRelyingParty(PublicKeyCredentialUserEntityRepository users, UserCredentialRepository credentials,
            PortalProperties portal, MfaProperties mfa) {
        URI base = portal.baseUrl();
        PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder().id(base.getHost()).name(mfa.issuer()).build();
        Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(users, credentials, rp, Set.of(origin(base)));
        operations.setCustomizeCreationOptions(options -> options.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                .residentKey(ResidentKeyRequirement.REQUIRED)
                .userVerification(UserVerificationRequirement.REQUIRED)
                .build()));
        operations.setCustomizeRequestOptions(options -> options.userVerification(UserVerificationRequirement.REQUIRED));
        return operations;
    }

    /** scheme://host[:port] of the base URL, without its path: what a browser puts in clientDataJSON. */
    static String origin(URI base) {
        return base.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + base.getHost().toLowerCase(java.util.Locale.ROOT)
                + (base.getPort() == -1 ? "" : ":" + base.getPort());
    }
}
