package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

@Controller
class LoginController {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The account page's activity: sign-ins, and an application's access removed from /account/applications. */
    private static final java.util.List<AuditType> ACTIVITY = java.util.List.of(AuditType.SIGN_IN, AuditType.OIDC_ACCESS_REMOVED);

    private final LockoutProperties lockout;
    private final AccountService accounts;
    private final AuditLog audit;
    private final OpenSessions sessions;
    private final ClientAddressResolver addresses;

    LoginController(LockoutProperties lockout, AccountService accounts, AuditLog audit, OpenSessions sessions, ClientAddressResolver addresses) {
        this.lockout = lockout;
        this.accounts = accounts;
        this.audit = audit;
        this.sessions = sessions;
        this.addresses = addresses;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, java.util.Locale locale, Model model) {
        boolean locked = request.getParameter("locked") != null;
        model.addAttribute("error", request.getParameter("error") != null && !locked);
        model.addAttribute("loggedOut", request.getParameter("logout") != null);
        model.addAttribute("expired", request.getParameter("expired") != null);
        model.addAttribute("locked", locked);
        model.addAttribute("lockDuration", DurationText.message(lockout.duration()));
        model.addAttribute("maxFailures", lockout.maxFailures());
        if (locked) {
            HttpSession session = request.getSession(false);
            Instant until = SignInHandlers.lockedUntil(session);
            model.addAttribute("lockedPermanent", SignInHandlers.lockedPermanent(session));
            model.addAttribute("lockedUntilIso", until == null ? null : until.toString());
            model.addAttribute("lockedUntilText", until == null ? null : untilText(until, locale));
        }
        return "login";
    }

    /** When a lock lifts, in UTC, as the page's language writes a date ("mardi 1 décembre 2026, 14:05 UTC"); English keeps its pattern. */
    static String untilText(Instant until, java.util.Locale locale) {
        if (locale == null || "en".equals(locale.getLanguage())) {
            return UTC.format(until);
        }
        return DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.FULL).withLocale(locale).withZone(ZoneOffset.UTC).format(until)
                + ", " + UTC_TIME.format(until);
    }

    @RequestMapping("/login/too-many")
    @ResponseStatus(HttpStatus.TOO_MANY_REQUESTS)
    String tooMany() {
        return "too-many";
    }

    /** A new sign-in refused at once because the password-hash queue is full ({@link BusySignInException}). */
    @RequestMapping("/login/busy")
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    String busy() {
        return "busy";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/account";
    }

    @GetMapping("/account")
    String account(@AuthenticationPrincipal PortalUser user, HttpServletRequest request, Model model) {
        model.addAttribute("account", accounts.findById(user.accountId()).orElseThrow());
        model.addAttribute("activity", audit.recentOfTypes(user.accountId(), ACTIVITY, 10));
        OpenSessions.Listing listing = sessions.of(user.username(), currentSessionId(request));
        model.addAttribute("sessions", listing.shown());
        model.addAttribute("sessionsMore", listing.more());
        return "account";
    }

    @PostMapping("/account/sessions/end")
    String endSession(@AuthenticationPrincipal PortalUser user, @RequestParam(defaultValue = "") String session, HttpServletRequest request,
            RedirectAttributes flash) {
        boolean ended = sessions.end(user.username(), session);
        if (ended) {
            audit.record(SecurityEvent.of(AuditType.SESSION_ENDED, AuditOutcome.SUCCESS).about(user.accountId(), user.username())
                    .by(AuditActor.of(user.username())).from(addresses.resolve(request)).detail("one session ended by its owner"));
        }
        flash.addFlashAttribute("sessionsDone", ended ? "account.sessions.ended" : "account.sessions.notFound");
        return "redirect:/account#sessions";
    }

    @PostMapping("/account/sessions/end-others")
    String endOtherSessions(@AuthenticationPrincipal PortalUser user, HttpServletRequest request, RedirectAttributes flash) {
        int ended = sessions.endOthers(user.username(), currentSessionId(request));
        audit.record(SecurityEvent.of(AuditType.SESSION_ENDED, AuditOutcome.SUCCESS).about(user.accountId(), user.username())
                .by(AuditActor.of(user.username())).from(addresses.resolve(request)).detail(ended + " other sessions ended by their owner"));
        flash.addFlashAttribute("sessionsDone", "account.sessions.othersEnded");
        return "redirect:/account#sessions";
    }

    private static String currentSessionId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getId();
    }
}
