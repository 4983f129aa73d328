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

/**
 * Outermost filter (before Spring Session's, which reads the session from the database before any
 * page runs): a request that fails because the database is away (a PostgreSQL restart, a full
 * disk) gets the 503 "temporarily unavailable" page (with {@code Retry-After}, see {@link ErrorPages}), and the operator one log line every 30 s
 * ({@link DatabaseOutage#report}). Without it, each such request was a 500 page and a stack trace
 * of a hundred lines in the log, from Tomcat, for every request of the outage.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOutageFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseOutage.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            DatabaseOutage.report(e);
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
}
