package org.certportal.factor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.login.CodeAttempts;
import org.certportal.login.PortalAuthentication;
import org.certportal.login.PortalUser;
import org.certportal.login.SignInHandlers;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a sign-in, /login/second-factor: after the right password of an account with a
 * second factor, a 6-digit authenticator code or a recovery code. Codes are checked under the
 * account's lockout ({@link CodeAttempts}); success is what a sign-in success does
 * ({@link SignInHandlers#completeSecondFactor}). The step must follow the password within
 * {@link #STEP_TIME}, read from the password factor's {@code issuedAt}.
 */
@Controller
class SecondStepController {

    static final Duration STEP_TIME = PortalAuthentication.SECOND_STEP_TIME;
    private static final int MAX_CODE = 64;

    private final AccountService accounts;
    private final FactorService factors;
    private final CodeAttempts attempts;
    private final SignInHandlers signIn;
    private final AuditLog audit;
    private final ClientAddressResolver addresses;
    private final Clock clock;

    SecondStepController(AccountService accounts, FactorService factors, CodeAttempts attempts, SignInHandlers signIn, AuditLog audit,
            ClientAddressResolver addresses, Clock clock) {
        this.accounts = accounts;
        this.factors = factors;
        this.attempts = attempts;
        this.signIn = signIn;
        this.audit = audit;
        this.addresses = addresses;
        this.clock = clock;
    }

    @GetMapping("/login/second-factor")
    String form(HttpServletRequest request, Model model) {
        PortalUser user = asked();
        if (user == null) {
            return "redirect:/account";
        }
        model.addAttribute("error", request.getParameter("error") != null);
        model.addAttribute("hasPasskey", factors.hasPasskey(user.accountId()));
        return "factor/second-factor";
    }

    @PostMapping("/login/second-factor")
    String submit(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        PortalUser user = asked();
        if (user == null) {
            return "redirect:/account";
        }
        if (code.length() > MAX_CODE) {
            response.setStatus(400);
            model.addAttribute("error", false);
            model.addAttribute("tooLong", true);
            model.addAttribute("hasPasskey", factors.hasPasskey(user.accountId()));
            return "factor/second-factor";
        }
        if (passwordTooOld()) {
            endSession(request);
            return "redirect:/login?expired";
        }
        Optional<Account> found = accounts.findById(user.accountId()).filter(Account::isActive);
        if (found.isEmpty()) {
            endSession(request);
            return "redirect:/login?error";
        }
        Account account = found.get();
        String address = addresses.resolve(request);
        AtomicReference<String> proved = new AtomicReference<>();
        CodeAttempts.Outcome outcome = attempts.attempt(account, request, AuditType.SECOND_FACTOR, () -> {
            Optional<String> factor = factors.check(account, code, address);
            factor.ifPresent(proved::set);
            return factor.isPresent();
        });
        if (outcome instanceof CodeAttempts.Passed) {
            audit.record(SecurityEvent.of(AuditType.SECOND_FACTOR, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(AuditActor.of(account.username())).from(address).detail(PortalAuthenticationNames.describe(proved.get())));
            signIn.completeSecondFactor(request, response, proved.get());
            return null;
        }
        if (outcome instanceof CodeAttempts.Locked locked) {
            signIn.lockedOut(request, response, locked.until(), locked.permanent());
            return null;
        }
        return "redirect:/login/second-factor?error";
    }

    private static PortalUser asked() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof PortalUser u && u.secondFactorAsked() ? u : null;
    }

    private boolean passwordTooOld() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (a instanceof FactorGrantedAuthority f && FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(f.getAuthority())) {
                Instant at = f.getIssuedAt();
                return at == null || at.plus(STEP_TIME).isBefore(clock.instant());
            }
        }
        return true;
    }

    private static void endSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }
}
