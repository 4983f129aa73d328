package org.certportal.web;

import java.time.Clock;
import org.certportal.login.PasskeyFilters;
import org.certportal.login.PasswordChangeGate;
import org.certportal.login.PortalAuthentication;
import org.certportal.login.SecondFactorGate;
import org.certportal.login.SecondFactorRule;
import org.certportal.login.SignInHandlers;
import org.certportal.platform.LoopbackRequests;
import org.certportal.platform.PortalProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The portal's HTTP security: which pages need what, CSRF on every form, a strict CSP without
 * inline script, no referrer ever (reset links carry tokens), no caching of pages, HSTS when the
 * portal is served over https, and session cookies that JavaScript cannot read.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ConditionalOnWebApplication
class SecurityConfig {

    static final String CSP = PortalHeaders.CSP;

    @Bean
    SecurityFilterChain portalSecurity(HttpSecurity http, SignInHandlers signIn, PasskeyFilters passkeys, PortalProperties portal, RefusalAudit refusals,
            SessionProperties sessionSettings, Clock clock) throws Exception {
        AccessDeniedHandlerImpl forbiddenPage = new AccessDeniedHandlerImpl();
        forbiddenPage.setErrorPage("/error/403");
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/login/too-many", "/login/busy", "/forgot-password", "/forgot-username", "/reset", "/reset/**", "/setup",
                                "/setup/**", "/support", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/error", "/error/**", "/dev/mail",
                                "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/prometheus").access(loopbackOrAdmin())
                        .requestMatchers(HttpMethod.POST, "/password/strength").permitAll() // the public setup page's strength meter
                        // The second step: signed in with the password only, which the factor rule would refuse
                        // everywhere else; built directly, not by the factory, so the rule does not apply here.
                        .requestMatchers("/login/second-factor").access(AuthenticatedAuthorizationManager.authenticated())
                        .requestMatchers("/password/change").authenticated()
                        // Removing someone's factors needs the agent's own second factor in this session.
                        .requestMatchers("/console/accounts/*/second-factors/remove").access(AuthorizationManagers.allOf(
                                AuthorityAuthorizationManager.hasAnyRole("SUPPORT", "ADMIN"), agentsSecondFactor()))
                        .requestMatchers("/console/create-account", "/console/accounts/*/role", "/console/clients", "/console/clients/**").hasRole("ADMIN")
                        .requestMatchers("/console", "/console/**").hasAnyRole("SUPPORT", "ADMIN")
                        .anyRequest().hasRole("USER"))
                .formLogin(form -> form
                        .loginPage("/login")
                        .loginProcessingUrl("/login")
                        .usernameParameter("username")
                        .passwordParameter("password")
                        .authenticationDetailsSource(signIn.detailsSource())
                        .successHandler(signIn.successHandler())
                        .failureHandler(signIn.failureHandler())
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .addLogoutHandler(signIn.logoutAudit())
                        .logoutSuccessUrl("/login?logout")
                        .deleteCookies(sessionCookieName(portal))
                        .permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .addFilterBefore(new AbsoluteSessionLifetime(sessionSettings.absoluteTimeout(), clock), AuthorizationFilter.class)
                .addFilterBefore(new SecondFactorGate(), AuthorizationFilter.class)
                .addFilterBefore(new PasswordChangeGate(), AuthorizationFilter.class)
                .headers(headers -> PortalHeaders.apply(headers, portal))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, denied) -> {
                    refusals.record(request, RefusalAudit.typeOf(denied), null);
                    forbiddenPage.handle(request, response, denied);
                }));
        passkeys.addTo(http); // after the gates above: see PasskeyFilters
        return http.build();
    }

    /**
     * Every request rule built by the factory (authenticated, hasRole, ...) also passes
     * {@link SecondFactorRule}: a session of an account with a second factor needs the password factor
     * and a second factor, whatever the page. Only permitAll rules and the second step itself skip it.
     */
    @Bean
    static AuthorizationManagerFactory<RequestAuthorizationContext> authorizationManagerFactory() {
        DefaultAuthorizationManagerFactory<RequestAuthorizationContext> factory = new DefaultAuthorizationManagerFactory<>();
        factory.setAdditionalAuthorization(new SecondFactorRule<>());
        return factory;
    }

    /** The password and a second factor, both held by this session, whatever the agent's own account requires. */
    private static AuthorizationManager<RequestAuthorizationContext> agentsSecondFactor() {
        return (authentication, context) -> new AuthorizationDecision(PortalAuthentication.hasSecondFactor(authentication.get()));
    }

    /**
     * Metrics for a Prometheus on the same machine, or for an administrator. "Same machine" is
     * {@link LoopbackRequests}: a loopback peer that no proxy forwarded for. The actuator stays on the
     * portal's own port (the contract's readiness URL is {@code /actuator/health} there, and a load
     * balancer probes it); a management port bound to 127.0.0.1 would not help either, because a
     * proxy on the same host reaches it from loopback just the same. Operators who want it anyway set
     * {@code management.server.port} and {@code management.server.address=127.0.0.1}; this rule
     * still applies there.
     */
    private static AuthorizationManager<RequestAuthorizationContext> loopbackOrAdmin() {
        return (authentication, context) -> {
            boolean local = LoopbackRequests.isDirectFromLoopback(context.getRequest());
            var auth = authentication.get();
            boolean admin = auth != null && auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
            return new AuthorizationDecision(local || admin);
        };
    }

    /**
     * Spring Security would wrap each of its ~15 filters in a Micrometer observation on every
     * request: about 1% of the server's CPU per sign-in, for traces that http.server.requests and
     * the portal's own sign-in and hash metrics already cover. Authentications stay observed.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).shouldObserveAuthorizations(false)
                .shouldObserveAuthentications(true).build();
    }

    /**
     * {@code __Host-SESSION} when the portal is served over https: browsers then accept the cookie only
     * with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite it.
     */
    static String sessionCookieName(PortalProperties portal) {
        return portal.isHttps() ? "__Host-SESSION" : "SESSION";
    }

    /** 216-bit session ids instead of Spring Session's UUIDs (see {@link SessionIds}). */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> longSessionIds() {
        return repository -> repository.setSessionIdGenerator(new SessionIds());
    }

    @Bean
    CookieSerializer cookieSerializer(PortalProperties portal) {
        DefaultCookieSerializer serializer = new DefaultCookieSerializer();
        serializer.setCookieName(sessionCookieName(portal));
        serializer.setUseHttpOnlyCookie(true);
        serializer.setSameSite("Lax");
        serializer.setUseSecureCookie(portal.isHttps());
        serializer.setCookiePath("/");
        return serializer;
    }
}
