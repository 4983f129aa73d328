package org.certportal.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.certportal.login.PendingAuthorization;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While an authorization request waits, the sign-in pages whose form ends in a redirect to the
 * application (/login, /login/second-factor) allow that application's origin in CSP
 * {@code form-action}: browsers apply it to every redirect after a form is sent, so with
 * {@code form-action 'self'} alone the last redirect, back to the application, would be blocked.
 * Only the origin of a redirect URI registered for that client is added, never one the request names.
 * Spring Security writes its own CSP only when the response has none (see {@link CspForClients}).
 */
@Component
@ConditionalOnWebApplication
class SignInFormsCsp extends OncePerRequestFilter {

    private static final List<String> FORM_PAGES = List.of("/login", "/login/second-factor");

    private final RegisteredClientRepository clients;

    SignInFormsCsp(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !FORM_PAGES.contains(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (request.getSession(false) != null) {
            Optional<String> clientId = PendingAuthorization.parameter(request, response, "client_id");
            RegisteredClient client = clientId.map(clients::findByClientId).orElse(null);
            if (client != null) {
                response.setHeader("Content-Security-Policy", CspForClients.withRedirectOrigins(client));
            }
        }
        chain.doFilter(request, response);
    }
}
