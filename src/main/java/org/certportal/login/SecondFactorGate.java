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
 * The people's side of {@link SecondFactorRule}, placed before {@link PasswordChangeGate}: while the
 * second factor is asked, every page sends the person to /login/second-factor (so a temporary
 * password reaches /password/change only after it); while the policy requires a factor the account
 * does not have, every page but /account/security sends there (after a required password change).
 * Spring Security's WebAuthn endpoints that these two pages call from their scripts stay reachable.
 */
public class SecondFactorGate extends OncePerRequestFilter {

    public static final String SECOND_FACTOR_PATH = "/login/second-factor";
    public static final String SECURITY_PATH = "/account/security";
    /** The second step's "Use a passkey" asks for its challenge here (the answer goes to /login/webauthn, before this gate). */
    static final String PASSKEY_OPTIONS = "/webauthn/authenticate/options";
    /** Adding a passkey from /account/security: its options and the registration itself. */
    static final String PASSKEY_REGISTRATION = "/webauthn/register";
    private static final List<String> ALWAYS_OPEN = List.of("/logout", "/support", "/error", "/css/", "/js/", "/img/", "/favicon.ico",
            "/actuator/health", "/dev/mail", "/login/too-many", "/login/busy");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof PortalUser user) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (user.secondFactorAsked() && !isOpen(path, SECOND_FACTOR_PATH) && !path.equals(PASSKEY_OPTIONS)) {
                response.sendRedirect(request.getContextPath() + SECOND_FACTOR_PATH);
                return;
            }
            if (user.secondFactor() == SecondFactorStep.ENROLL && !user.mustChangePassword() && !isOpen(path, SECURITY_PATH)
                    && !isOpen(path, PASSKEY_REGISTRATION)) {
                response.sendRedirect(request.getContextPath() + SECURITY_PATH);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isOpen(String path, String target) {
        if (path.equals(target) || path.startsWith(target + "/")) {
            return true;
        }
        for (String open : ALWAYS_OPEN) {
            if (path.equals(open) || (open.endsWith("/") && path.startsWith(open)) || path.startsWith(open + "/")) {
                return true;
            }
        }
        return false;
    }
}
