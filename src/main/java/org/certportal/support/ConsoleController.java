package org.certportal.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.account.AccountStatus;
import org.certportal.account.AccountValidation;
import org.certportal.account.DuplicateUsernameException;
import org.certportal.account.LastAdminException;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.factor.FactorService;
import org.certportal.login.AccountLocks;
import org.certportal.login.PortalUser;
import org.certportal.mail.Outbox;
import org.certportal.platform.ClientAddressResolver;
import org.certportal.recovery.RecoveryService;
import org.certportal.recovery.ResetTokens;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The support and administration console. Every action is a POST with CSRF, and every action is
 * written to the audit log with the agent's name.
 */
@Controller
class ConsoleController {

    private final AccountService accounts;
    private final AccountLocks locks;
    private final RecoveryService recovery;
    private final ResetTokens tokens;
    private final AuditLog audit;
    private final Outbox outbox;
    private final ClientAddressResolver addresses;
    private final FactorService factors;

    ConsoleController(AccountService accounts, AccountLocks locks, RecoveryService recovery, ResetTokens tokens, AuditLog audit, Outbox outbox,
            ClientAddressResolver addresses, FactorService factors) {
        this.factors = factors;
        this.accounts = accounts;
        this.locks = locks;
        this.recovery = recovery;
        this.tokens = tokens;
        this.audit = audit;
        this.outbox = outbox;
        this.addresses = addresses;
    }

    @GetMapping("/console")
    String home(Model model) {
        model.addAttribute("events", audit.recent(25));
        model.addAttribute("queued", outbox.countWaiting());
        model.addAttribute("failed", outbox.countByStatus("FAILED"));
        return "console/home";
    }

    @GetMapping("/console/accounts")
    String search(@RequestParam(name = "q", required = false) String q, Model model) {
        String query = q == null ? "" : q.strip();
        if (query.length() > 254) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        model.addAttribute("q", query);
        model.addAttribute("results", accounts.search(query));
        return "console/accounts";
    }

    @GetMapping("/console/accounts/{username}")
    String account(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, Model model) {
        Account account = find(username);
        model.addAttribute("account", account);
        model.addAttribute("lock", locks.status(account.id()));
        model.addAttribute("resetPendingUntil", tokens.pendingUntil(account.id(), ResetTokens.RESET).orElse(null));
        model.addAttribute("events", audit.recentForAccount(account.id(), 30));
        model.addAttribute("mails", outbox.recentForAccount(account.id(), 20));
        model.addAttribute("factors", factors.factorsOf(account.id()));
        model.addAttribute("recoveryRemaining", factors.remainingRecoveryCodes(account.id()));
        model.addAttribute("roles", Role.values());
        model.addAttribute("mayAct", agent != null && ConsoleRules.mayActOn(agent.role(), account));
        return "console/account";
    }

    @PostMapping("/console/accounts/{username}/unlock")
    String unlock(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request, RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        boolean was = locks.unlock(account.id(), account.username(), AuditActor.of(agent.username()), addresses.resolve(request));
        return done(account, flash, was ? "console.done.unlocked" : "console.done.notLocked");
    }

    @PostMapping("/console/accounts/{username}/reset")
    String reset(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request, RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        if (!account.isActive()) {
            return done(account, flash, "console.done.notActive");
        }
        recovery.startReset(account, AuditActor.of(agent.username()), addresses.resolve(request));
        return done(account, flash, locks.isLocked(account.id()) ? "console.done.resetLocked" : "console.done.reset");
    }

    @PostMapping("/console/accounts/{username}/username-reminder")
    String reminder(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request, RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        recovery.sendUsernameReminder(List.of(account), AuditActor.of(agent.username()), addresses.resolve(request));
        return done(account, flash, "console.done.reminder");
    }

    /**
     * "Remove second factors": for someone who lost every factor and every recovery code. SUPPORT on
     * USER accounts only ({@link ConsoleRules}), ADMIN on all; the agent's own second factor is
     * required by the request rule (SecurityConfig). Audited, the owner emailed, their sessions ended.
     */
    @PostMapping("/console/accounts/{username}/second-factors/remove")
    String removeSecondFactors(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request,
            RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        factors.removeAllBySupport(account, agent.username(), addresses.resolve(request));
        return done(account, flash, "console.done.factorsRemoved");
    }

    @PostMapping("/console/accounts/{username}/require-change")
    String requireChange(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request, RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        accounts.requirePasswordChange(account.id(), "support");
        audit.record(byAgent(AuditType.PASSWORD_CHANGE_REQUIRED, AuditOutcome.SUCCESS, account, agent, request).detail("set by support"));
        return done(account, flash, "console.done.requireChange");
    }

    @PostMapping("/console/accounts/{username}/disable")
    String disable(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request, RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        if (account.id() == agent.accountId()) {
            return done(account, flash, "console.done.notSelf");
        }
        try {
            accounts.setStatus(account.id(), AccountStatus.DISABLED);
        } catch (LastAdminException e) {
            return done(account, flash, "console.done.lastAdmin");
        }
        audit.record(byAgent(AuditType.ACCOUNT_DISABLED, AuditOutcome.SUCCESS, account, agent, request));
        return done(account, flash, "console.done.disabled");
    }

    @PostMapping("/console/accounts/{username}/enable")
    String enable(@PathVariable String username, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request, RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        accounts.setStatus(account.id(), account.hasUsablePassword() ? AccountStatus.ACTIVE : AccountStatus.PENDING_SETUP);
        audit.record(byAgent(AuditType.ACCOUNT_ENABLED, AuditOutcome.SUCCESS, account, agent, request));
        return done(account, flash, "console.done.enabled");
    }

    @PostMapping("/console/accounts/{username}/mail/{id}/resend")
    String resend(@PathVariable String username, @PathVariable long id, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request,
            RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        boolean queued = outbox.retry(account.id(), id);
        audit.record(byAgent(AuditType.CONSOLE_ACTION, queued ? AuditOutcome.SUCCESS : AuditOutcome.REFUSED, account, agent, request)
                .detail("resend email " + id));
        return done(account, flash, queued ? "console.done.resent" : "console.done.notResent");
    }

    @PostMapping("/console/accounts/{username}/role")
    String role(@PathVariable String username, @RequestParam String role, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request,
            RedirectAttributes flash) {
        Account account = findForAction(username, agent);
        Role newRole = parseRole(role);
        try {
            accounts.setRole(account.id(), newRole);
        } catch (LastAdminException e) {
            return done(account, flash, "console.done.lastAdmin");
        }
        audit.record(byAgent(AuditType.ROLE_CHANGED, AuditOutcome.SUCCESS, account, agent, request).detail(account.role() + " -> " + newRole));
        return done(account, flash, "console.done.role");
    }

    @GetMapping("/console/create-account")
    String newAccountForm(Model model) {
        model.addAttribute("roles", Role.values());
        return "console/new-account";
    }

    @PostMapping("/console/create-account")
    String createAccount(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String displayName, @RequestParam(defaultValue = "USER") String role,
            @AuthenticationPrincipal PortalUser agent, Model model, HttpServletResponse response, RedirectAttributes flash) {
        model.addAttribute("roles", Role.values());
        model.addAttribute("username", username);
        model.addAttribute("email", email);
        model.addAttribute("displayName", displayName);
        String name = username.strip();
        String address = email.strip();
        String display = displayName.strip();
        // Each field is checked on its own so that the message stands next to the field it is about.
        Optional<AccountValidation.Problem> problem = AccountValidation.usernameProblem(name);
        if (problem.isPresent()) {
            return refuse(model, response, 400, "username", problem.get());
        }
        problem = AccountValidation.emailProblem(address);
        if (problem.isPresent()) {
            return refuse(model, response, 400, "email", problem.get());
        }
        problem = AccountValidation.displayNameProblem(display);
        if (problem.isPresent()) {
            return refuse(model, response, 400, "displayName", problem.get());
        }
        try {
            Account created = accounts.create(new NewAccount(name, address, display.isEmpty() ? null : display, parseRole(role), null, false, null));
            recovery.sendAccountSetup(created, AuditActor.of(agent.username()));
            return done(created, flash, "console.done.created");
        } catch (DuplicateUsernameException e) {
            return refuse(model, response, 409, "username", e.problem());
        }
    }

    private static String refuse(Model model, HttpServletResponse response, int status, String field, AccountValidation.Problem problem) {
        response.setStatus(status);
        model.addAttribute("errorField", field);
        model.addAttribute("errorKey", problem.key());
        model.addAttribute("errorArgs", problem.args());
        return "console/new-account";
    }

    private static Role parseRole(String role) {
        try {
            return Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
    }

    /** The account an action is about, when the agent may act on it; a 403 (audited as a refusal) otherwise. */
    private Account findForAction(String username, PortalUser agent) {
        Account account = find(username);
        if (!ConsoleRules.mayActOn(agent.role(), account)) {
            throw new AccessDeniedException("a " + agent.role() + " agent may not act on a " + account.role() + " account");
        }
        return account;
    }

    private Account find(String username) {
        Optional<Account> account = accounts.findByUsername(username);
        return account.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** An event about {@code account}, done by the signed-in agent from the request's client address. */
    private SecurityEvent byAgent(AuditType type, AuditOutcome outcome, Account account, PortalUser agent, HttpServletRequest request) {
        return SecurityEvent.of(type, outcome).about(account.id(), account.username()).by(AuditActor.of(agent.username()))
                .from(addresses.resolve(request));
    }

    private static String done(Account account, RedirectAttributes flash, String messageKey) {
        flash.addFlashAttribute("done", messageKey);
        return "redirect:/console/accounts/" + UriUtils.encodePathSegment(account.username(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
