package org.certportal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses form input no person could have typed before any of it reaches a controller: fields
 * longer than {@link #MAX_FIELD} characters, and control characters (other than tab and line
 * breaks). Malformed UTF-8 has already become U+FFFD in the container; it is refused too.
 */
@Component
@Order(-50) // inside Spring Security (-100): the error page gets the security headers
class RequestInputFilter extends OncePerRequestFilter {

    private final RefusalAudit refusals;

    RequestInputFilter(RefusalAudit refusals) {
        this.refusals = refusals;
    }

    static final int MAX_FIELD = 4096;
    static final String INPUT_PROBLEM = "certportal.inputProblem";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String problem = problem(request);
        if (problem != null) {
            request.setAttribute(INPUT_PROBLEM, problem);
            refusals.record(request, org.certportal.audit.AuditType.INPUT_REFUSED, problem);
            response.sendError(400);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String problem(HttpServletRequest request) {
        if (!isUtf8(request.getQueryString())) {
            return "encoding";
        }
        Enumeration<String> names;
        try {
            names = request.getParameterNames();
        } catch (RuntimeException e) {
            return "encoding";
        }
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (name.length() > 128) {
                return "too-long";
            }
            for (String value : request.getParameterValues(name)) {
                if (value.length() > MAX_FIELD) {
                    return "too-long";
                }
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '\uFFFD') {
                        return "encoding";
                    }
                    if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                        return "control";
                    }
                }
            }
        }
        return null;
    }

    private static boolean isUtf8(String query) {
        if (query == null) {
            return true;
        }
        try {
            String decoded = java.net.URLDecoder.decode(query, StandardCharsets.ISO_8859_1);
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded.getBytes(StandardCharsets.ISO_8859_1)));
            return true;
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return false;
        }
    }
}
