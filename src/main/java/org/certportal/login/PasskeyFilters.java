package org.certportal.login;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import java.time.Clock;
import java.util.List;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsFilter;
import org.springframework.stereotype.Component;

/**
 * Spring Security's WebAuthn filters, at the places and URLs its {@code WebAuthnConfigurer} gives
 * them ({@code /webauthn/register/options}, {@code /webauthn/register},
 * {@code /webauthn/authenticate/options}, {@code /login/webauthn}), assembled here rather than by
 * {@code http.webAuthn(...)} because the configurer fixes what the portal must choose: it
 * authenticates through a UserDetailsService ({@link PasskeySignIn} applies the portal's sign-in
 * rules instead), answers with its own handlers (the portal's: {@link SignInHandlers}), renews
 * neither the session id nor the CSRF token, keeps the ceremonies' options in the session as objects
 * that a JDBC session cannot store ({@link PasskeyCeremonies}), lets an owner delete a passkey without a fresh factor, and serves its own pages.
 * The relying party and the JDBC repositories are beans of the factor module.
 */
@Component
public class PasskeyFilters {

    private final WebAuthnRelyingPartyOperations relyingParty;
    private final UserCredentialRepository credentials;
    private final PublicKeyCredentialUserEntityRepository users;
    private final PasskeySignIn signIn;
    private final SignInHandlers handlers;
    private final PasskeyRegistrations registrations;
    private final Clock clock;

    PasskeyFilters(WebAuthnRelyingPartyOperations relyingParty, UserCredentialRepository credentials, PublicKeyCredentialUserEntityRepository users,
            PasskeySignIn signIn, SignInHandlers handlers, PasskeyRegistrations registrations, Clock clock) {
        this.clock = clock;
        this.relyingParty = relyingParty;
        this.credentials = credentials;
        this.users = users;
        this.signIn = signIn;
        this.handlers = handlers;
        this.registrations = registrations;
    }

    /**
     * Call after the portal's own filters before {@link AuthorizationFilter} are added: the options
     * filters then run after {@link SecondFactorGate} and {@link PasswordChangeGate}.
     */
    public void addTo(HttpSecurity http) {
        PasskeyCeremonies.CreationOptions creationOptions = new PasskeyCeremonies.CreationOptions(clock);
        PasskeyCeremonies.RequestOptions requestOptions = new PasskeyCeremonies.RequestOptions(clock);
        WebAuthnAuthenticationFilter authentication = new WebAuthnAuthenticationFilter();
        authentication.setRequestOptionsRepository(requestOptions);
        authentication.setAuthenticationManager(request -> signIn.authenticate((WebAuthnAuthenticationRequestToken) request));
        authentication.setAuthenticationDetailsSource(handlers.detailsSource());
        authentication.setAuthenticationSuccessHandler(handlers.passkeySuccessHandler());
        authentication.setAuthenticationFailureHandler(handlers.passkeyFailureHandler());
        // What formLogin gets from sessionManagement: a new session id, and a new CSRF token
        authentication.setSessionAuthenticationStrategy(new CompositeSessionAuthenticationStrategy(List.of(
                new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository()))));
        http.addFilterBefore(authentication, BasicAuthenticationFilter.class);
        PasskeyRegistrationFilter registration = new PasskeyRegistrationFilter(credentials, users, relyingParty, registrations);
        registration.setCreationOptionsRepository(creationOptions);
        http.addFilterAfter(registration, AuthorizationFilter.class);
        PublicKeyCredentialCreationOptionsFilter creation = new PublicKeyCredentialCreationOptionsFilter(relyingParty);
        creation.setCreationOptionsRepository(creationOptions);
        http.addFilterBefore(creation, AuthorizationFilter.class);
        PublicKeyCredentialRequestOptionsFilter request = new PublicKeyCredentialRequestOptionsFilter(relyingParty);
        request.setRequestOptionsRepository(requestOptions);
        http.addFilterBefore(request, AuthorizationFilter.class);
    }
}
