package org.certportal.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.certportal.login.PasswordChangeGate;
import org.certportal.login.PortalAuthentication;
import org.certportal.login.PortalUser;
import org.certportal.login.SecondFactorGate;
import org.certportal.login.SecondFactorStep;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The portal's sign-in steps in front of the authorization endpoint. A session that is still half
 * signed in (second factor asked, password change required, second factor to be added by policy), or
 * that lacks a second factor a client requires ({@link Clients#REQUIRE_MFA} or {@code acr_values}
 * naming {@link AuthenticationMethods#ACR_MFA}), is sent to that step with the authorization request
 * saved; the sign-in success and the step's pages then lead back to it. Without this, the
 * authorization server would hand a code to a session the portal itself does not let in.
 */
final class AuthorizationRequestGate extends OncePerRequestFilter {

    static final String AUTHORIZE_PATH = "/oauth2/authorize";

    private final RegisteredClientRepository clients;
    private final RequestCache requests = new HttpSessionRequestCache();

    AuthorizationRequestGate(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().substring(request.getContextPath().length()).equals(AUTHORIZE_PATH)
                || !"GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof PortalUser user) {
            String step = stepFor(user, auth, request);
            if (step != null) {
                requests.saveRequest(request, response);
                response.sendRedirect(request.getContextPath() + step);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private String stepFor(PortalUser user, Authentication auth, HttpServletRequest request) {
        if (user.secondFactorAsked()) {
            return SecondFactorGate.SECOND_FACTOR_PATH;
        }
        if (user.mustChangePassword()) {
            return PasswordChangeGate.CHANGE_PATH;
        }
        if (user.secondFactor() == SecondFactorStep.ENROLL) {
            return SecondFactorGate.SECURITY_PATH;
        }
        if (!PortalAuthentication.hasSecondFactor(auth) && clientWantsSecondFactor(request)) {
            return SecondFactorGate.SECURITY_PATH + "?required";
        }
        return null;
    }

    private boolean clientWantsSecondFactor(HttpServletRequest request) {
        if (AuthenticationMethods.asksForSecondFactor(request.getParameter("acr_values"))) {
            return true;
        }
        String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        return client != null && Clients.requiresMfa(client);
    }
}
