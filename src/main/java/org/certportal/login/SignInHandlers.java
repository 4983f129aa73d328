package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.platform.ClientAddressResolver;
import org.certportal.platform.RandomSecrets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/** The web ends of sign-in: request details in, redirects out. Used by the SecurityFilterChain. */
@Component
public class SignInHandlers {

    static final String LOCKED_UNTIL = "certportal.login.lockedUntil";
    static final String LOCKED_PERMANENT = "certportal.login.lockedPermanent";

    private final ClientAddressResolver addresses;
    private final DeviceCookies devices;
    private final AuditLog audit;
    private final RandomSecrets random;
    private final Clock clock;
    private final AccountLanguage language;
    private final SavedRequestAwareAuthenticationSuccessHandler savedRequest = new SavedRequestAwareAuthenticationSuccessHandler();

    SignInHandlers(ClientAddressResolver addresses, DeviceCookies devices, AuditLog audit, RandomSecrets random, Clock clock, AccountLanguage language) {
        this.language = language;
        this.addresses = addresses;
        this.devices = devices;
        this.audit = audit;
        this.random = random;
        this.clock = clock;
        savedRequest.setDefaultTargetUrl("/account");
        savedRequest.setRedirectStrategy(new PathOnlyRedirects());
    }

    public AuthenticationDetailsSource<HttpServletRequest, SignInDetails> detailsSource() {
        return request -> new SignInDetails(addresses.resolve(request), DeviceCookies.read(request));
    }

    public AuthenticationSuccessHandler successHandler() {
        return (request, response, authentication) -> {
            PortalUser user = (PortalUser) authentication.getPrincipal();
            devices.issue(response, user.accountId(), DeviceCookies.read(request));
            SessionDetails.recordSignIn(request, addresses.resolve(request), clock.instant(), random.urlToken(16));
            language.remember(request, user); // the sign-in page's language becomes the account's
            if (user.mustChangePassword()) {
                response.sendRedirect(request.getContextPath() + "/password/change");
                return;
            }
            savedRequest.onAuthenticationSuccess(request, response, authentication);
        };
    }

    public AuthenticationFailureHandler failureHandler() {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            if (exception instanceof ThrottledSignInException throttled) {
                long seconds = Math.max(1, throttled.retryAfter().toSeconds());
                response.setHeader("Retry-After", Long.toString(seconds));
                request.setAttribute("retryAfterMinutes", Math.max(1, (seconds + 59) / 60));
                response.setStatus(429);
                request.getRequestDispatcher("/login/too-many").forward(request, response);
                return;
            }
            HttpSession session = request.getSession();
            if (exception instanceof LockedSignInException locked) {
                session.setAttribute(LOCKED_UNTIL, locked.until() == null ? null : locked.until().toString());
                session.setAttribute(LOCKED_PERMANENT, locked.permanent());
                redirect(request, response, "/login?error&locked");
                return;
            }
            redirect(request, response, "/login?error");
        };
    }

    public LogoutHandler logoutAudit() {
        return (request, response, authentication) -> {
            if (authentication != null && authentication.getPrincipal() instanceof PortalUser user) {
                audit.record(SecurityEvent.of(AuditType.SIGN_OUT, AuditOutcome.SUCCESS).about(user.accountId(), user.username())
                        .by(AuditActor.of(user.username())).from(addresses.resolve(request)));
            }
        };
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        response.sendRedirect(request.getContextPath() + path);
    }

    static Instant lockedUntil(HttpSession session) {
        Object v = session == null ? null : session.getAttribute(LOCKED_UNTIL);
        return v instanceof String s ? Instant.parse(s) : null;
    }

    static boolean lockedPermanent(HttpSession session) {
        Object v = session == null ? null : session.getAttribute(LOCKED_PERMANENT);
        return Boolean.TRUE.equals(v);
    }
}
