package org.certportal.oidc;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.List;
import org.certportal.login.SignInHandlers;
import org.certportal.platform.PortalProperties;
import org.certportal.web.PortalHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.CompositeLogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The OpenID Connect provider: Spring Security's authorization server on its own filter chain,
 * ahead of the portal's, matching only its endpoints (discovery, /oauth2/authorize, /oauth2/token,
 * /oauth2/jwks, /userinfo, /connect/logout, ...). Signing in is the portal's own /login with all
 * its steps ({@link AuthorizationRequestGate}); the issuer is {@code certportal.base-url}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class AuthorizationServerConfig {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuthorizationServerConfig.class);

    static final String CONSENT_PATH = "/oauth2/consent";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerSecurity(HttpSecurity http, RegisteredClientRepository clients, PortalProperties portal,
            SignInHandlers signIn, org.certportal.web.SessionProperties sessions, java.time.Clock clock) throws Exception {
        OidcLogoutAuthenticationSuccessHandler logoutDone = new OidcLogoutAuthenticationSuccessHandler();
        // RP-initiated logout ends the portal session too (and says so in the audit log)
        logoutDone.setLogoutHandler(new CompositeLogoutHandler(signIn.logoutAudit(), new SecurityContextLogoutHandler()));
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.authorizationEndpoint(endpoint -> endpoint.consentPage(CONSENT_PATH));
            server.oidc(oidc -> oidc
                    .providerConfigurationEndpoint(config -> config.providerConfigurationCustomizer(metadata -> metadata
                            // only what a registered client can use here: no client credentials, device or token exchange
                            .grantTypes(types -> types.retainAll(List.of("authorization_code", "refresh_token")))
                            .scopes(scopes -> {
                                scopes.clear();
                                scopes.addAll(List.of("openid", "profile", "email"));
                            })
                            .claim("acr_values_supported", List.of(AuthenticationMethods.ACR_PASSWORD, AuthenticationMethods.ACR_MFA))
                            .claim("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp",
                                    "preferred_username", "name", "email", "email_verified"))))
                    .logoutEndpoint(logout -> logout.logoutResponseHandler(logoutDone).errorResponseHandler(AuthorizationServerConfig::logoutRefused)));
        });
        http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated());
        http.oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()));
        // the portal's own session rules first (same order, kept in the order added): the absolute lifetime, then the sign-in steps
        http.addFilterAfter(PortalHeaders.absoluteSessionLifetime(sessions, clock), SecurityContextHolderFilter.class);
        http.addFilterAfter(new AuthorizationRequestGate(clients), SecurityContextHolderFilter.class);
        http.exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                PathPatternRequestMatcher.withDefaults().matcher(AuthorizationRequestGate.AUTHORIZE_PATH)));
        http.headers(headers -> PortalHeaders.apply(headers, portal));
        return http.build();
    }

    /** The error code and the parameter at fault (never a token) for the operator, the portal's 400 page for the person. */
    private static void logoutRefused(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.core.AuthenticationException refused) throws java.io.IOException {
        if (refused instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException oauth) {
            log.warn("OpenID Connect logout refused: {} {}", oauth.getError().getErrorCode(), oauth.getError().getDescription());
        }
        response.sendError(400);
    }

    /** Read by the authorization server's configurer as a bean only; see {@link UntrackedSessions}. */
    @Bean
    org.springframework.security.core.session.SessionRegistry untrackedSessions() {
        return new UntrackedSessions();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(PortalProperties portal) {
        return AuthorizationServerSettings.builder().issuer(portal.origin()).build();
    }

    /** The published keys: the JWKS endpoint, and the provider's own check of its access tokens at /userinfo. */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return PublishedKeys.published(keys);
    }

    /** Signs with the current key only (a set with several keys would leave the encoder unable to choose). */
    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder(PublishedKeys.signing(keys));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return NimbusJwtDecoder.withJwkSource(jwkSource).build();
    }

    /**
     * The first start makes the first key, not the first sign-in, but a few seconds after it is ready: a 2048-bit
     * RSA key costs a cold JVM 0.3-2 s of CPU, which on 2 cores was taken from the first pages. Whatever needs
     * the key earlier makes it then ({@link SigningKeys#current()}, {@link SigningKeys#published()}).
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> firstSigningKey(SigningKeys keys, TaskScheduler scheduler) {
        return event -> scheduler.schedule(keys::current, scheduler.getClock().instant().plus(FIRST_KEY_AFTER));
    }

    static final Duration FIRST_KEY_AFTER = Duration.ofSeconds(5);
}
