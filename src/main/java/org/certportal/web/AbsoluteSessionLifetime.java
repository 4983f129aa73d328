package org.certportal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.certportal.login.SessionDetails;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session once {@code certportal.session.absolute-timeout} has passed since its sign-in, however
 * recently it was used, and sends the person to the sign-in page with a word on why. Measured from the
 * sign-in (kept in the session by the sign-in), not from the session's creation: the session that
 * carried the sign-in form may be older than the sign-in itself.
 */
class AbsoluteSessionLifetime extends OncePerRequestFilter {

    private final Duration lifetime;
    private final Clock clock;

    AbsoluteSessionLifetime(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            Instant signedIn = SessionDetails.signedInAt(session);
            if (signedIn != null && clock.instant().isAfter(signedIn.plus(lifetime))) {
                session.invalidate();
                SecurityContextHolder.clearContext();
                response.sendRedirect(request.getContextPath() + "/login?expired");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
