package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * A single sign-on to resume in a browser that holds no authorization request: the recovery began
 * at a client in one browser and its emailed link was opened in another. The link's session
 * remembers the client (and the account, so that nobody else who signs in there is offered it);
 * the page that ends the recovery offers to go to the client's own sign-in start ({@link Links}),
 * where the application sends the browser back through the authorization endpoint.
 */
public final class ContinueToClient {

    /** A String ("accountId clientId"), so that the session store needs no class of ours to read it. */
    static final String ATTRIBUTE = ContinueToClient.class.getName();

    /** Where to send a browser so that a client starts its sign-in; {@code clientName} as registered. */
    public record Link(String clientName, String uri) {
    }

    /** The client side: a client's sign-in start, when the client still exists. Implemented by the OpenID Connect provider. */
    public interface Links {
        Optional<Link> signInStart(String clientId);
    }

    private ContinueToClient() {
    }

    /** Remembers in this session that {@code accountId}, once signed in, should continue to {@code clientId}. */
    public static void remember(HttpServletRequest request, long accountId, String clientId) {
        request.getSession(true).setAttribute(ATTRIBUTE, accountId + " " + clientId);
    }

    /** The client to continue to for this account, removed from the session: the offer is made once. */
    public static Optional<String> take(HttpServletRequest request, long accountId) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof String value)) {
            return Optional.empty();
        }
        session.removeAttribute(ATTRIBUTE);
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equals(Long.toString(accountId))) {
            return Optional.empty();
        }
        return Optional.of(value.substring(space + 1));
    }
}
