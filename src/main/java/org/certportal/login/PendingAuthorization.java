package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * A single sign-on waiting in this session: the authorization request an application sent the
 * person with, saved while the portal's own steps ran (sign-in, second factor, forced password
 * change, adding a second factor). Pages that end such a step offer to continue to it.
 */
public final class PendingAuthorization {

    public static final String AUTHORIZE_PATH = "/oauth2/authorize";

    private PendingAuthorization() {
    }

    /** A parameter of the waiting authorization request ({@code client_id}, {@code redirect_uri}), when there is one. */
    public static Optional<String> parameter(HttpServletRequest request, HttpServletResponse response, String name) {
        if (path(request, response).isEmpty()) {
            return Optional.empty();
        }
        String[] values = new HttpSessionRequestCache().getRequest(request, response).getParameterValues(name);
        return values == null || values.length != 1 ? Optional.empty() : Optional.of(values[0]);
    }

    /** The path and query to continue to, when the saved request is an authorization request. */
    public static Optional<String> path(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = new HttpSessionRequestCache().getRequest(request, response);
        if (saved == null) {
            return Optional.empty();
        }
        String path = PathOnlyRedirects.pathOf(saved.getRedirectUrl());
        return path.equals(AUTHORIZE_PATH) || path.startsWith(AUTHORIZE_PATH + "?") ? Optional.of(path) : Optional.empty();
    }
}
