package org.certportal.oidc;

import java.util.LinkedHashSet;
import java.util.Set;
import org.certportal.web.PortalHeaders;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The portal's CSP with the client's redirect origins added to {@code form-action}. A form whose
 * answer redirects to the client (consent, and sign-in forms while an authorization request waits)
 * would otherwise be stopped by the browser at the last redirect: CSP applies form-action to every
 * redirect the form's navigation follows.
 */
final class CspForClients {

    private CspForClients() {
    }

    static String withRedirectOrigins(RegisteredClient client) {
        Set<String> origins = new LinkedHashSet<>();
        for (String uri : client.getRedirectUris()) {
            origins.add(ConsentController.origin(uri));
        }
        return PortalHeaders.csp().replace("form-action 'self'", "form-action 'self' " + String.join(" ", origins));
    }
}
