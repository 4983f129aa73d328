package com.example.certificateservices;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;

@Configuration
class SignInConfig {

    @Bean
    SecurityFilterChain certificateServices(HttpSecurity http, ClientRegistrationRepository registrations) {
        // PKCE for a confidential client too: the portal accepts it from every client, and it protects the code
        // even when the client secret leaks.
        DefaultOAuth2AuthorizationRequestResolver withPkce = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        withPkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        // Signing out here also ends the portal session (RP-initiated logout), then comes back to the front page.
        OidcClientInitiatedLogoutSuccessHandler portalLogout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        portalLogout.setPostLogoutRedirectUri("{baseUrl}/");

        // The portal may send a browser to /oauth2/authorization/certportal?iss=<issuer> (OpenID Connect
        // Third-Party Initiated Login: its initiate_login_uri, after a password reset finished in another
        // browser). Spring starts the sign-in there whatever the query; the filter first refuses an iss
        // that is not this registration's issuer, as the specification asks of the client.
        http.addFilterBefore(new InitiatedLoginIssuerCheck(registrations), OAuth2AuthorizationRequestRedirectFilter.class);

        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/error", "/certificate-services.css").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(withPkce)))
                .logout(logout -> logout.logoutSuccessHandler(portalLogout))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self' http: https:")))
                .csrf(Customizer.withDefaults());
        return http.build();
    }
}
