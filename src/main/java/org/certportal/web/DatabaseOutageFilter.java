package org.certportal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.certportal.platform.DatabaseOutage;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outermost filter (before Spring Session's, which reads the session from the database before any
 * page runs): a request that fails because the database is away (a PostgreSQL restart, a full
 * disk) gets the 503 "temporarily unavailable" page (with {@code Retry-After}, see {@link ErrorPages}), and the operator one log line
 * ({@link DatabaseOutage#report}). Without it, each such request was a 500 page and a stack trace
 * of a hundred lines in the log, from Tomcat, for every request of the outage.
 *
 * <p>Spring Session writes the session when it believes the response is about to be committed,
 * counting <em>characters</em> against the response's buffer size, while Tomcat commits when its
 * buffer of <em>bytes</em> is full: a page of 5,000 characters that is 9,000 bytes in UTF-8 (the
 * language menu, any page in Japanese) went out as a 200 with its first 8 KiB before the session was
 * written. When PostgreSQL stopped in between, that write failed on a committed response, and the
 * browser got a page cut off mid-body instead of the 503 page (PostgresRestartIT,
 * DatabaseOutageFilterTest). Here Spring Session is told a quarter of the buffer size: a UTF-8
 * character is at most 4 bytes, so it writes the session before Tomcat can have sent anything, and a
 * failed write still becomes the 503 page. (Holding the whole body instead broke forwards: Tomcat
 * closes a forwarded response, and the held body was lost.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOutageFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, new SessionWrittenFirst(response));
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            DatabaseOutage.report(e);
            if (response.isCommitted()) {
                // The answer went out whole after Spring Session had written the session (a redirect, or
                // a page, which is rendered before its first byte is written): the failure came after it,
                // from a late session lookup (Spring MVC's request-handled event asks for the session id
                // once the page is done). Thrown on, Tomcat logged it and tried its error page on the
                // finished response, and the browser could get a 500.
                return;
            }
            // Forwarded with this (unwrapped) request rather than sendError: the container's error
            // dispatch goes through Spring Session's filter again, whose session lookup fails the
            // same way, and Tomcat then gives up with a bare 500. Here the page needs no database.
            response.reset();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
            request.getRequestDispatcher("/error").forward(request, response);
        }
    }

    /** Reports a buffer size that a page's characters cannot exceed in bytes before Spring Session has written the session. */
    static final class SessionWrittenFirst extends HttpServletResponseWrapper {

        SessionWrittenFirst(HttpServletResponse response) {
            super(response);
        }

        @Override
        public int getBufferSize() {
            return super.getBufferSize() / 4;
        }
    }
}
