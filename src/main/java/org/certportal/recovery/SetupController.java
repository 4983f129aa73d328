package org.certportal.recovery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.credential.PasswordContext;
import org.certportal.credential.PasswordPolicy;
import org.certportal.credential.PasswordProblem;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The account-setup link: a new account's owner chooses the first password. */
@Controller
class SetupController {

    record SetupForm(String token, String newPassword, String confirmPassword) {
    }

    private final ResetTokens tokens;
    private final AccountService accounts;
    private final PasswordChangeService changes;
    private final PasswordPolicy policy;
    private final ClientAddressResolver addresses;

    SetupController(ResetTokens tokens, AccountService accounts, PasswordChangeService changes, PasswordPolicy policy, ClientAddressResolver addresses) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.changes = changes;
        this.policy = policy;
        this.addresses = addresses;
    }

    @GetMapping("/setup/{token}")
    String show(@PathVariable String token, Model model) {
        Optional<Account> account = tokens.peek(token, ResetTokens.SETUP).flatMap(accounts::findById);
        if (account.isEmpty()) {
            return "setup-invalid";
        }
        model.addAttribute("token", token);
        model.addAttribute("account", account.get());
        model.addAttribute("minLength", policy.minLength());
        return "setup";
    }

    @PostMapping("/setup")
    String setup(@ModelAttribute SetupForm form, HttpServletRequest request, Model model) {
        Optional<Account> found = tokens.peek(form.token(), ResetTokens.SETUP).flatMap(accounts::findById);
        if (found.isEmpty()) {
            return "setup-invalid";
        }
        Account account = found.get();
        model.addAttribute("token", form.token());
        model.addAttribute("account", account);
        model.addAttribute("minLength", policy.minLength());
        String next = form.newPassword() == null ? "" : form.newPassword();
        if (!next.equals(form.confirmPassword())) {
            model.addAttribute("errorField", "confirmPassword");
            model.addAttribute("errorKey", "setup.error.mismatch");
            model.addAttribute("errorArgs", new Object[0]);
            return "setup";
        }
        List<PasswordProblem> problems = changes.problems(account, next);
        if (!problems.isEmpty()) {
            model.addAttribute("score", policy.assess(next, new PasswordContext(account.username(), account.email(), account.displayName())).score());
            model.addAttribute("errorField", "newPassword");
            model.addAttribute("errorKey", problems.get(0).key());
            model.addAttribute("errorArgs", problems.get(0).args());
            return "setup";
        }
        if (tokens.consume(form.token(), ResetTokens.SETUP).isEmpty()) {
            return "setup-invalid";
        }
        changes.change(account, next, AuditActor.of(account.username()), addresses.resolve(request), LocaleContextHolder.getLocale().toLanguageTag());
        return "setup-done";
    }
}
