package org.certportal.recovery;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import org.certportal.login.ContinueToClient;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.credential.PasswordContext;
import org.certportal.credential.PasswordHasher;
import org.certportal.credential.PasswordPolicy;
import org.certportal.credential.PasswordProblem;
import org.certportal.credential.TemporaryPasswords;
import org.certportal.login.PortalUser;
import org.certportal.platform.ClientAddressResolver;
import org.certportal.throttle.RateLimiter;
import org.certportal.throttle.ThrottleProperties;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The seed article's last screen: Current Password (the temporary one, or the password that must
 * change), New Password, Confirm Password, then "Your password has been successfully reset!".
 * Success renews the session id and ends every other session of the account.
 */
@Controller
class PasswordChangeController {

    record ChangePasswordForm(String currentPassword, String newPassword, String confirmPassword) {
    }

    private static final ThrottleProperties.Limit CURRENT_PASSWORD_GUESSES = new ThrottleProperties.Limit(10, java.time.Duration.ofHours(1));

    private final AccountService accounts;
    private final PasswordChangeService changes;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final TemporaryPasswords temporaryPasswords;
    private final RateLimiter limiter;
    private final ClientAddressResolver addresses;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final ContinueToClient.Links clientLinks;

    PasswordChangeController(AccountService accounts, PasswordChangeService changes, PasswordHasher hasher, PasswordPolicy policy,
            TemporaryPasswords temporaryPasswords, RateLimiter limiter, ClientAddressResolver addresses,
            FindByIndexNameSessionRepository<? extends Session> sessions, ContinueToClient.Links clientLinks) {
        this.clientLinks = clientLinks;
        this.accounts = accounts;
        this.changes = changes;
        this.hasher = hasher;
        this.policy = policy;
        this.temporaryPasswords = temporaryPasswords;
        this.limiter = limiter;
        this.addresses = addresses;
        this.sessions = sessions;
    }

    @GetMapping("/password/change")
    String form(@AuthenticationPrincipal PortalUser user, Model model) {
        prepare(user, model);
        return "password-change";
    }

    @PostMapping("/password/change")
    String change(@AuthenticationPrincipal PortalUser user, @ModelAttribute ChangePasswordForm form, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Account account = accounts.findById(user.accountId()).orElseThrow();
        String current = nullToEmpty(form.currentPassword());
        String next = nullToEmpty(form.newPassword());
        String confirm = nullToEmpty(form.confirmPassword());
        prepare(user, model);

        if (current.isEmpty()) {
            return refuse(model, "currentPassword", user.temporaryPassword() ? "change.error.currentMissing.temporary" : "change.error.currentMissing");
        }
        if (!limiter.hit("password-change:" + account.id(), CURRENT_PASSWORD_GUESSES).allowed()) {
            return refuse(model, "currentPassword", "change.error.tooMany");
        }
        boolean currentOk = user.temporaryPassword()
                ? temporaryPasswords.matchesUsed(account.id(), current)
                : hasher.matches(current, account.passwordHash());
        if (!currentOk) {
            return refuse(model, "currentPassword", user.temporaryPassword() ? "change.error.currentWrong.temporary" : "change.error.currentWrong");
        }
        if (!next.equals(confirm)) {
            return refuse(model, "confirmPassword", "change.error.mismatch");
        }
        if (next.equals(current)) {
            return refuse(model, "newPassword", user.temporaryPassword() ? "password.problem.temporary" : "change.error.same");
        }
        List<PasswordProblem> problems = changes.problems(account, next);
        if (!problems.isEmpty()) {
            model.addAttribute("score", policy.assess(next, new PasswordContext(account.username(), account.email(), account.displayName())).score());
            return refuse(model, "newPassword", problems.get(0).key(), problems.get(0).args());
        }

        String address = addresses.resolve(request);
        changes.change(account, next, AuditActor.of(user.username()), address, LocaleContextHolder.getLocale().toLanguageTag());
        renewSession(user, request, response);
        model.addAttribute("account", account);
        // the sign-in began at an application: offer to go on to it (the saved request moved with the session)
        Optional<String> waiting = org.certportal.login.PendingAuthorization.path(request, response);
        waiting.ifPresent(path -> model.addAttribute("continueTo", path));
        // the reset began at an application in another browser: offer that application's own sign-in start
        Optional<String> client = ContinueToClient.take(request, account.id());
        if (waiting.isEmpty()) {
            client.flatMap(clientLinks::signInStart).ifPresent(link -> model.addAttribute("continueToClient", link));
        }
        return "password-changed";
    }

    private void renewSession(PortalUser user, HttpServletRequest request, HttpServletResponse response) {
        // End the other sessions first, while this one is still stored under its current id.
        HttpSession session = request.getSession(false);
        String current = session == null ? null : session.getId();
        for (String id : sessions.findByPrincipalName(user.username()).keySet()) {
            if (!id.equals(current)) {
                sessions.deleteById(id);
            }
        }
        moveToANewSession(request);
        PortalUser updated = user.withPasswordChanged();
        // the factors the session gave (password, second factor) stay with it
        Authentication auth = org.certportal.login.PortalAuthentication.replacing(SecurityContextHolder.getContext().getAuthentication(), updated, null,
                java.time.Instant.now());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /**
     * A new session (new row, new id) with this one's attributes, instead of a new id for the same row.
     * Spring Session JDBC writes a session's id back with every request that used it, so a request
     * still running on the old id (the strength meter fires as the form is sent) wrote the old id
     * back over the renewed one, and the person found themself signed out right after "successfully
     * reset". With a new row, such a late request updates nothing.
     */
    private static void moveToANewSession(HttpServletRequest request) {
        HttpSession old = request.getSession(false);
        java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        if (old != null) {
            for (String name : java.util.Collections.list(old.getAttributeNames())) {
                attributes.put(name, old.getAttribute(name));
            }
            old.invalidate();
        }
        HttpSession fresh = request.getSession(true);
        attributes.forEach(fresh::setAttribute);
    }

    private void prepare(PortalUser user, Model model) {
        model.addAttribute("temporary", user.temporaryPassword());
        model.addAttribute("reason", user.changeReason());
        model.addAttribute("minLength", policy.minLength());
        model.addAttribute("maxLength", policy.maxLength());
    }

    /** The page again with its error: a message key and its arguments, which the template puts into words. */
    private static String refuse(Model model, String field, String key, Object... args) {
        model.addAttribute("errorField", field);
        model.addAttribute("errorKey", key);
        model.addAttribute("errorArgs", args);
        return "password-change";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
