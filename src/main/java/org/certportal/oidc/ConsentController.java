package org.certportal.oidc;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent page, shown only for clients registered as third-party ({@code client add --third-party}):
 * the portal's own applications are trusted by the operator who registered them. The form posts back
 * to the authorization endpoint, which checks {@code state} against the pending request.
 */
@Controller
class ConsentController {

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;

    ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents) {
        this.clients = clients;
        this.consents = consents;
    }

    @GetMapping(AuthorizationServerConfig.CONSENT_PATH)
    String consent(Principal principal, @RequestParam(name = "client_id", defaultValue = "") String clientId,
            @RequestParam(defaultValue = "") String scope, @RequestParam(defaultValue = "") String state, Model model, HttpServletResponse response) {
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null || state.isBlank()) {
            response.setStatus(400);
            return "error";
        }
        OAuth2AuthorizationConsent previous = consents.findById(client.getId(), principal.getName());
        Set<String> approved = previous == null ? Set.of() : previous.getScopes();
        List<String> toApprove = new ArrayList<>();
        List<String> alreadyApproved = new ArrayList<>();
        for (String s : new LinkedHashSet<>(List.of(scope.trim().split("\\s+")))) {
            if (s.isEmpty() || s.equals(OidcScopes.OPENID) || !client.getScopes().contains(s)) {
                continue;
            }
            (approved.contains(s) ? alreadyApproved : toApprove).add(s);
        }
        model.addAttribute("clientId", client.getClientId());
        model.addAttribute("clientName", client.getClientName());
        model.addAttribute("state", state);
        model.addAttribute("scopes", toApprove);
        model.addAttribute("approvedScopes", alreadyApproved);
        model.addAttribute("username", principal.getName());
        // The answer is a redirect to the client: browsers apply form-action to it, so the page allows the client's origins.
        response.setHeader("Content-Security-Policy", CspForClients.withRedirectOrigins(client));
        response.setHeader("Cache-Control", "no-store");
        return "oidc/consent";
    }

    static String origin(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getRawAuthority();
    }
}
