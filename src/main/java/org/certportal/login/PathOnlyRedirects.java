package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;

/**
 * Redirects to the path and query of a URL, never to its origin. The page first asked for is saved
 * by Spring Security as a full URL built from that request's {@code Host} header, so after signing
 * in it would send the person to whatever host the request named ("Host: evil.example"). Every page
 * it can hold is on this portal, so the path is all that is needed.
 */
final class PathOnlyRedirects implements RedirectStrategy {

    private final DefaultRedirectStrategy redirects = new DefaultRedirectStrategy();

    @Override
    public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
        redirects.sendRedirect(request, response, pathOf(url));
    }

    static String pathOf(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "/";
        }
        if (!uri.isAbsolute() && uri.getRawAuthority() == null) {
            return url.startsWith("/") && !url.startsWith("//") ? url : "/";
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.startsWith("//")) {
            return "/"; // "//host/..." would be another origin again
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
