package org.certportal.login;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While a password change is required, every signed-in page sends the person to
 * /password/change (the only other ways out: sign out, the support page, static files). Not while
 * the second factor is still asked: {@link SecondFactorGate} sends that session to the second step first.
 */
public class PasswordChangeGate extends OncePerRequestFilter {

    public static final String CHANGE_PATH = "/password/change";
    private static final List<String> OPEN = List.of(CHANGE_PATH, "/password/strength", "/logout", "/support", "/error", "/css/", "/js/", "/img/", "/favicon.ico",
            "/actuator/health", "/dev/mail");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof PortalUser user && user.mustChangePassword() && !user.secondFactorAsked()
                && !isOpen(request)) {
            response.sendRedirect(request.getContextPath() + CHANGE_PATH);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isOpen(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String open : OPEN) {
            if (path.equals(open) || (open.endsWith("/") && path.startsWith(open)) || path.startsWith(open + "/")) {
                return true;
            }
        }
        return false;
    }
}
