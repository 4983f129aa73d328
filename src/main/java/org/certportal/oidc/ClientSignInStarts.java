package org.certportal.oidc;

import java.net.URI;
import java.util.Optional;
import org.certportal.login.ContinueToClient;
import org.certportal.platform.PortalProperties;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a client starts its own sign-in: its {@code initiate_login_uri} with {@code iss} added
 * (OpenID Connect Core 4, Third-Party Initiated Login), or else the origin of its first redirect
 * URI, its home page. Nothing of the account goes into the URL (no {@code login_hint}): the
 * application sends the browser to the authorization endpoint, where this session is signed in.
 */
@Component
class ClientSignInStarts implements ContinueToClient.Links {

    private final RegisteredClientRepository clients;
    private final PortalProperties portal;

    ClientSignInStarts(RegisteredClientRepository clients, PortalProperties portal) {
        this.clients = clients;
        this.portal = portal;
    }

    @Override
    public Optional<ContinueToClient.Link> signInStart(String clientId) {
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        if (client == null) {
            return Optional.empty();
        }
        String initiate = Clients.initiateLoginUri(client);
        if (initiate != null) {
            String uri = UriComponentsBuilder.fromUriString(initiate).queryParam("iss", "{iss}").encode().buildAndExpand(portal.origin()).toUriString();
            return Optional.of(new ContinueToClient.Link(client.getClientName(), uri));
        }
        return client.getRedirectUris().stream().findFirst().map(URI::create)
                .map(u -> u.getScheme() + "://" + u.getRawAuthority() + "/")
                .map(origin -> new ContinueToClient.Link(client.getClientName(), origin));
    }
}
