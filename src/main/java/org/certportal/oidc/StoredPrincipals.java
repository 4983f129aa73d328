package org.certportal.oidc;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Stores authorizations with only what the tokens need of the person: the username and the factors
 * of the session (with their times). The authorization server would store the whole session
 * authentication as JSON: the portal's principal and sign-in details are not types its JSON allowlist
 * knows, and they carry more than a token needs (the device cookie, the client address). Every node
 * reads back the same small principal, whichever node signed the person in.
 */
final class StoredPrincipals implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate;

    StoredPrincipals(OAuth2AuthorizationService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        delegate.save(reduce(authorization));
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return delegate.findByToken(token, tokenType);
    }

    static OAuth2Authorization reduce(OAuth2Authorization authorization) {
        Object principal = authorization.getAttribute(Principal.class.getName());
        if (!(principal instanceof Authentication auth) || isReduced(auth)) {
            return authorization;
        }
        return OAuth2Authorization.from(authorization).attribute(Principal.class.getName(), reduce(auth)).build();
    }

    static Authentication reduce(Authentication auth) {
        List<GrantedAuthority> factors = new ArrayList<>();
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (a instanceof FactorGrantedAuthority) {
                factors.add(a);
            }
        }
        return UsernamePasswordAuthenticationToken.authenticated(auth.getName(), null, factors);
    }

    private static boolean isReduced(Authentication auth) {
        return auth instanceof UsernamePasswordAuthenticationToken && auth.getPrincipal() instanceof String && auth.getDetails() == null
                && auth.getAuthorities().stream().allMatch(a -> a instanceof FactorGrantedAuthority);
    }
}
