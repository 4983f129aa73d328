package org.certportal.oidc;

import java.util.List;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * The authorization server's session registry, left empty on purpose. With its default in-memory
 * registry the server puts a {@code sid} claim in ID tokens and, at RP-initiated logout, insists that
 * it matches the session it remembers: but that memory is one node's (a logout reaching another node
 * behind the load balancer would not match), and it is keyed by the principal object, which the
 * token endpoint sees in its stored, smaller form ({@link StoredPrincipals}), so the claim went
 * missing and every logout was refused. Logout still requires an ID token this provider issued to
 * that client for the signed-in account, and a registered post-logout redirect URI.
 */
final class UntrackedSessions implements SessionRegistry {

    @Override
    public List<Object> getAllPrincipals() {
        return List.of();
    }

    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        return List.of();
    }

    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        return null;
    }

    @Override
    public void refreshLastRequest(String sessionId) {
        // nothing is tracked
    }

    @Override
    public void registerNewSession(String sessionId, Object principal) {
        // nothing is tracked
    }

    @Override
    public void removeSessionInformation(String sessionId) {
        // nothing is tracked
    }
}
