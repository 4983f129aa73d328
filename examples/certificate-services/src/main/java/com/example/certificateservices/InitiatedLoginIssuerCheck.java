package com.example.certificateservices;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * OpenID Connect Core 4: a login initiated by a third party names the provider in {@code iss}, and
 * the client sends the person only to a provider it knows. A visit to
 * {@code /oauth2/authorization/{registrationId}} with an {@code iss} other than that registration's
 * issuer gets 400; without {@code iss}, or with the right one, Spring's filter starts the sign-in.
 */
class InitiatedLoginIssuerCheck extends OncePerRequestFilter {

    private static final String PREFIX = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/";

    private final ClientRegistrationRepository registrations;

    InitiatedLoginIssuerCheck(ClientRegistrationRepository registrations) {
        this.registrations = registrations;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getParameter("iss") == null || !request.getRequestURI().startsWith(request.getContextPath() + PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String id = request.getRequestURI().substring(request.getContextPath().length() + PREFIX.length());
        ClientRegistration registration = registrations.findByRegistrationId(id);
        String issuer = registration == null ? null : registration.getProviderDetails().getIssuerUri();
        if (issuer == null || !stripSlash(issuer).equals(stripSlash(request.getParameter("iss")))) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
