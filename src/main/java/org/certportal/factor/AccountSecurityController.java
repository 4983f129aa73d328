package org.certportal.factor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.login.CodeAttempts;
import org.certportal.login.PendingAuthorization;
import org.certportal.login.PortalAuthentication;
import org.certportal.login.PortalUser;
import org.certportal.login.SecondFactorStep;
import org.certportal.login.SignInHandlers;
import org.certportal.platform.ClientAddressResolver;
import org.certportal.platform.Secrets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * /account/security: the owner's second factors. Adding an authenticator app keeps the new secret
 * in the session (encrypted with the master key, since sessions are database rows) until one right
 * code confirms it; only then is it stored. Removing a factor asks for a fresh code, counted under
 * the account's lockout.
 */
@Controller
class AccountSecurityController {

    static final String PENDING = "certportal.factor.pendingTotp";
    private static final int SECRET_BYTES = 20; // 160 bits, RFC 4226's recommendation
    private static final int MAX_NAME = 64;

    private final AccountService accounts;
    private final FactorService factors;
    private final MfaProperties properties;
    private final CodeAttempts attempts;
    private final SignInHandlers signIn;
    private final Secrets secrets;
    private final ClientAddressResolver addresses;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AccountSecurityController(AccountService accounts, FactorService factors, MfaProperties properties, CodeAttempts attempts, SignInHandlers signIn,
            Secrets secrets, ClientAddressResolver addresses, Clock clock) {
        this.accounts = accounts;
        this.factors = factors;
        this.properties = properties;
        this.attempts = attempts;
        this.signIn = signIn;
        this.secrets = secrets;
        this.addresses = addresses;
        this.clock = clock;
    }

    @GetMapping("/account/security")
    String page(@AuthenticationPrincipal PortalUser user, HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("factors", factors.factorsOf(user.accountId()));
        model.addAttribute("recoveryRemaining", factors.remainingRecoveryCodes(user.accountId()));
        // "?required": an application the person is signing in to requires a second factor (see the oidc module)
        boolean clientRequires = request.getParameter("required") != null
                && !PortalAuthentication.hasSecondFactor(SecurityContextHolder.getContext().getAuthentication());
        model.addAttribute("enrollRequired", user.secondFactor() == SecondFactorStep.ENROLL || clientRequires);
        PendingAuthorization.path(request, response).ifPresent(path -> model.addAttribute("continueTo", path));
        return "factor/security";
    }

    @PostMapping("/account/security/totp")
    String start(@AuthenticationPrincipal PortalUser user, HttpServletRequest request, Model model) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        request.getSession().setAttribute(PENDING, Base64.getEncoder().encodeToString(secrets.encrypt(secret)));
        return setupPage(user, secret, model, null);
    }

    @PostMapping("/account/security/totp/confirm")
    String confirm(@AuthenticationPrincipal PortalUser user, @RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String name,
            HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash) {
        HttpSession session = request.getSession();
        byte[] secret = pending(session);
        if (secret == null) {
            flash.addFlashAttribute("done", "mfa.done.setupExpired");
            return "redirect:/account/security";
        }
        String label = name.strip().isEmpty() ? "Authenticator app" : name.strip();
        if (code.length() > 64 || label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
            response.setStatus(400);
            return setupPage(user, secret, model, "mfa.done.badInput");
        }
        OptionalLong step = factors.confirmStep(secret, code);
        if (step.isEmpty()) {
            response.setStatus(400);
            return setupPage(user, secret, model, "mfa.done.wrongCode");
        }
        session.removeAttribute(PENDING);
        Account account = account(user);
        List<String> codes = factors.addTotp(account, label, secret, step.getAsLong(), addresses.resolve(request));
        // This session has just shown the factor; the others were signed in with the password only.
        // They end first, while this one is still stored under its current id.
        factors.endOtherSessions(account, session.getId());
        request.changeSessionId();
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        signIn.store(PortalAuthentication.replacing(current, user.withSecondFactor(SecondFactorStep.PASSED), PortalAuthentication.TOTP, clock.instant()),
                request, response);
        if (codes.isEmpty()) {
            flash.addFlashAttribute("done", "mfa.done.added");
            return "redirect:/account/security";
        }
        model.addAttribute("codes", codes);
        model.addAttribute("first", true);
        PendingAuthorization.path(request, response).ifPresent(path -> model.addAttribute("continueTo", path));
        return "factor/recovery-codes";
    }

    @PostMapping("/account/security/recovery-codes")
    String newCodes(@AuthenticationPrincipal PortalUser user, HttpServletRequest request, Model model, RedirectAttributes flash) {
        Account account = account(user);
        if (!factors.hasAny(account.id())) {
            flash.addFlashAttribute("done", "mfa.done.codesNeedFactor");
            return "redirect:/account/security";
        }
        model.addAttribute("codes", factors.newRecoveryCodes(account, addresses.resolve(request)));
        model.addAttribute("first", false);
        return "factor/recovery-codes";
    }

    @PostMapping("/account/security/factors/{id}/remove")
    String remove(@AuthenticationPrincipal PortalUser user, @PathVariable long id, @RequestParam(defaultValue = "") String code,
            HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) throws IOException {
        Account account = account(user);
        if (factors.factorsOf(account.id()).stream().noneMatch(f -> f.id() == id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (code.length() > 64) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        String address = addresses.resolve(request);
        CodeAttempts.Outcome outcome = attempts.attempt(account, request, AuditType.SECOND_FACTOR, () -> factors.check(account, code, address).isPresent());
        if (outcome instanceof CodeAttempts.Locked locked) {
            signIn.lockedOut(request, response, locked.until(), locked.permanent());
            return null;
        }
        if (!(outcome instanceof CodeAttempts.Passed)) {
            flash.addFlashAttribute("done", "mfa.done.wrongCode");
            return "redirect:/account/security";
        }
        factors.removeOne(account, id, address);
        SecondFactorStep step = factors.hasAny(account.id()) ? SecondFactorStep.PASSED
                : factors.required(account) ? SecondFactorStep.ENROLL : SecondFactorStep.NONE;
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        signIn.store(PortalAuthentication.replacing(current, user.withSecondFactor(step), null, clock.instant()), request, response);
        flash.addFlashAttribute("done", "mfa.done.removed");
        return "redirect:/account/security";
    }

    private String setupPage(PortalUser user, byte[] secret, Model model, String error) {
        String base32 = Base32.encode(secret);
        String issuer = properties.issuer();
        String label = enc(issuer) + ":" + enc(user.username());
        String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + enc(issuer) + "&algorithm=SHA1&digits=6&period=30";
        model.addAttribute("secret", base32);
        model.addAttribute("secretGroups", base32.replaceAll("(.{4})(?!$)", "$1 "));
        model.addAttribute("otpauthUri", uri);
        model.addAttribute("qr", QrCodes.svgDataUri(uri));
        model.addAttribute("error", error);
        return "factor/totp-setup";
    }

    private byte[] pending(HttpSession session) {
        Object v = session.getAttribute(PENDING);
        if (!(v instanceof String s)) {
            return null;
        }
        try {
            return secrets.decrypt(Base64.getDecoder().decode(s));
        } catch (RuntimeException e) {
            session.removeAttribute(PENDING);
            return null;
        }
    }

    private Account account(PortalUser user) {
        return accounts.findById(user.accountId()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
