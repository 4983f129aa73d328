package org.certportal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.certportal.platform.DatabaseOutage;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Outermost filter (before Spring Session's, which reads the session from the database before any
 * page runs): a request that fails because the database is away (a PostgreSQL restart, a full
 * disk) gets the 503 "temporarily unavailable" page (with {@code Retry-After}, see {@link ErrorPages}), and the operator one log line
 * ({@link DatabaseOutage#report}). Without it, each such request was a 500 page and a stack trace
 * of a hundred lines in the log, from Tomcat, for every request of the outage.
 *
 * <p>The body is held here until the whole chain has returned, Spring Session's write of the session
 * included. Spring Session writes the session when it believes the response is about to be committed,
 * counting <em>characters</em> against the container's buffer size, while Tomcat commits when its
 * buffer of <em>bytes</em> is full: a page of 5,000 characters that is 9,000 bytes in UTF-8 (the
 * language menu, any page in Japanese) went out as a 200 with its first 8 KiB, and the session was
 * written only afterwards. When PostgreSQL stopped in between, that write failed on a committed
 * response, and the browser got a page cut off mid-body instead of the 503 page (PostgresRestartIT,
 * DatabaseOutageFilterTest). Held here, nothing reaches the browser before the session is written,
 * so a failed write can still become the 503 page. The pages are a few KiB each.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOutageFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, held);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            DatabaseOutage.report(e);
            if (response.isCommitted()) {
                // Only a redirect or an error page sent by the application commits the response here (the
                // body is held), after Spring Session has written the session: that answer is whole. The
                // failure came after it, from a late session lookup (Spring MVC's request-handled event
                // asks for the session id once the page is done). Thrown on, Tomcat logged it and tried
                // its error page on the finished response, and the browser could get a 500.
                return;
            }
            // Forwarded with this (unwrapped) request rather than sendError: the container's error
            // dispatch goes through Spring Session's filter again, whose session lookup fails the
            // same way, and Tomcat then gives up with a bare 500. Here the page needs no database.
            // What the failed page had written stays in the held buffer, which is dropped.
            response.reset();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
            request.getRequestDispatcher("/error").forward(request, response);
            return;
        }
        held.copyBodyToResponse();
    }
}
