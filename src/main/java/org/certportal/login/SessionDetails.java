package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;

/**
 * What a signed-in session keeps about its own sign-in, for the owner's list of sessions and the
 * absolute lifetime: when, from which address, in which browser, and a handle. The handle names the
 * session on the account page; the session id itself never appears in a page, since it is the key.
 */
public final class SessionDetails {

    static final String SIGNED_IN_AT = "certportal.session.signedInAt";
    static final String ADDRESS = "certportal.session.address";
    static final String BROWSER = "certportal.session.browser";
    static final String HANDLE = "certportal.session.handle";
    /** Set while the password is given and the second factor not yet: the owner sees such a session as waiting. */
    static final String WAITING = "certportal.session.waitingForSecondStep";

    private SessionDetails() {
    }

    static void recordSignIn(HttpServletRequest request, String clientAddress, Instant now, String handle) {
        HttpSession session = request.getSession();
        session.setAttribute(SIGNED_IN_AT, now.toString());
        session.setAttribute(ADDRESS, clientAddress);
        session.setAttribute(BROWSER, BrowserName.of(request.getHeader("User-Agent")));
        session.setAttribute(HANDLE, handle);
        session.removeAttribute(WAITING);
    }

    /**
     * A password given for an account with a second factor: the session is listed to the owner as
     * waiting for the second step (someone who knows the password may be there), and can be ended.
     */
    static void recordWaiting(HttpServletRequest request, String clientAddress, Instant now, String handle) {
        recordSignIn(request, clientAddress, now, handle);
        request.getSession().setAttribute(WAITING, Boolean.TRUE);
    }

    /** When this session signed in; null for a session that never did. */
    public static Instant signedInAt(HttpSession session) {
        Object v = session.getAttribute(SIGNED_IN_AT);
        return v instanceof String s ? Instant.parse(s) : null;
    }
}
