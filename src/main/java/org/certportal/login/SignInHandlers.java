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
import org.certportal.platform.DatabaseOutage;
import org.certportal.platform.RandomSecrets;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
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
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
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
            if (user.secondFactorAsked()) {
                // Not signed in yet: no device cookie, and the saved request waits in the session for
                // the second step (see completeSecondFactor). The owner's list shows it as waiting.
                SessionDetails.recordWaiting(request, addresses.resolve(request), clock.instant(), random.urlToken(16));
                response.sendRedirect(request.getContextPath() + SecondFactorGate.SECOND_FACTOR_PATH);
                return;
            }
            devices.issue(response, user.accountId(), DeviceCookies.read(request));
            SessionDetails.recordSignIn(request, addresses.resolve(request), clock.instant(), random.urlToken(16));
            language.remember(request, user); // the sign-in page's language becomes the account's
            if (user.mustChangePassword()) {
                response.sendRedirect(request.getContextPath() + "/password/change");
                return;
            }
            if (user.secondFactor() == SecondFactorStep.ENROLL) {
                response.sendRedirect(request.getContextPath() + SecondFactorGate.SECURITY_PATH);
                return;
            }
            savedRequest.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /**
     * The second step succeeded: the session gets the factor ({@code factorAuthority}), a new id, and
     * then exactly what a sign-in success gives (device cookie, session entry, a required password
     * change first, else the page first asked for).
     */
    public void completeSecondFactor(HttpServletRequest request, HttpServletResponse response, String factorAuthority) throws IOException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        PortalUser user = (PortalUser) current.getPrincipal();
        Authentication updated = PortalAuthentication.replacing(current, user.withSecondFactor(SecondFactorStep.PASSED), factorAuthority, clock.instant());
        request.changeSessionId();
        store(updated, request, response);
        try {
            successHandler().onAuthenticationSuccess(request, response, updated);
        } catch (jakarta.servlet.ServletException e) {
            throw new IOException(e);
        }
    }

    /** Replaces the session's authentication (a factor added or removed from /account/security). */
    public void store(Authentication updated, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(updated);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /** The second step locked the account: the half-signed-in session ends and /login says "locked". */
    public void lockedOut(HttpServletRequest request, HttpServletResponse response, Instant until, boolean permanent) throws IOException {
        HttpSession old = request.getSession(false);
        if (old != null) {
            try {
                old.invalidate();
            } catch (IllegalStateException alreadyEnded) {
                // another request of the same session ended it first
            }
        }
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(true);
        session.setAttribute(LOCKED_UNTIL, until == null ? null : until.toString());
        session.setAttribute(LOCKED_PERMANENT, permanent);
        redirect(request, response, "/login?error&locked");
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
            if (exception instanceof BusySignInException) {
                // "try again in a minute", as the page says; nothing was checked and nothing counted
                response.setHeader("Retry-After", "60");
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                request.getRequestDispatcher("/login/busy").forward(request, response);
                return;
            }
            if (DatabaseOutage.causedBy(exception)) {
                // Not "wrong username or password": the password was never checked, the database is
                // away. Thrown on to DatabaseOutageFilter, which answers with the 503 page.
                throw exception;
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

    /**
     * A passkey sign-in (or second step) that held: exactly what {@link #successHandler()} does, but
     * the page it would redirect to goes back as JSON, {@code {"authenticated":true,"redirectUrl":...}}
     * as Spring Security's webauthn script expects, since the request was the script's fetch.
     */
    public AuthenticationSuccessHandler passkeySuccessHandler() {
        return (request, response, authentication) -> {
            RedirectCapture capture = new RedirectCapture(response);
            successHandler().onAuthenticationSuccess(request, capture, authentication);
            writeJson(response, HttpServletResponse.SC_OK, true, capture.location);
        };
    }

    /**
     * A refused passkey: where a refused password (or code, at the second step) would send the
     * person, as JSON with status 401 (429 when the address is throttled). Spring Security has
     * already cleared the request's context, so the second step is recognised from the session.
     */
    public AuthenticationFailureHandler passkeyFailureHandler() {
        return (request, response, exception) -> {
            RedirectCapture capture = new RedirectCapture(response);
            Authentication stored = contexts.loadDeferredContext(request).get().getAuthentication();
            boolean secondStep = stored != null && stored.getPrincipal() instanceof PortalUser user && user.secondFactorAsked();
            int status = HttpServletResponse.SC_UNAUTHORIZED;
            if (exception instanceof ThrottledSignInException throttled) {
                response.setHeader("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
                status = 429;
                capture.location = request.getContextPath() + "/login/too-many";
            } else if (secondStep && exception instanceof SecondStepExpiredException) {
                // as the code form does: the half-signed-in session ends and /login says so
                HttpSession old = request.getSession(false);
                if (old != null) {
                    old.invalidate();
                }
                redirect(request, capture, "/login?expired");
            } else if (secondStep && exception instanceof LockedSignInException locked) {
                lockedOut(request, capture, locked.until(), locked.permanent());
            } else if (secondStep) {
                redirect(request, capture, SecondFactorGate.SECOND_FACTOR_PATH + "?error");
            } else {
                failureHandler().onAuthenticationFailure(request, capture, exception);
            }
            writeJson(response, status, false, capture.location);
        };
    }

    private static void writeJson(HttpServletResponse response, int status, boolean authenticated, String redirectUrl) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"authenticated\":" + authenticated + ",\"redirectUrl\":\"" + jsonEscape(redirectUrl == null ? "/login" : redirectUrl) + "\"}");
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || c == '<' || c == '>') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Keeps the location a handler redirects to instead of sending it; everything else passes through. */
    private static final class RedirectCapture extends jakarta.servlet.http.HttpServletResponseWrapper {

        private String location;

        RedirectCapture(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendRedirect(String location) {
            this.location = location;
        }

        @Override
        public void sendRedirect(String location, int status) {
            this.location = location;
        }

        @Override
        public void sendRedirect(String location, boolean clearBuffer) {
            this.location = location;
        }

        @Override
        public void sendRedirect(String location, int status, boolean clearBuffer) {
            this.location = location;
        }
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
