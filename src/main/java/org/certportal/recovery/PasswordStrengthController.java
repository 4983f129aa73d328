package org.certportal.recovery;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.credential.PasswordContext;
import org.certportal.credential.PasswordPolicy;
import org.certportal.login.PortalUser;
import org.certportal.platform.ClientAddressResolver;
import org.certportal.throttle.RateLimiter;
import org.certportal.throttle.ThrottleProperties;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The strength meter's live answer (static/js/strength.js): the same offline rules as the form,
 * without the history or the online check, so that it is quick and sends nothing anywhere. Public,
 * because the account-setup page is; CSRF-protected like every POST, and rate-limited by address.
 * The account's own names count when the person is signed in or holds a valid setup link.
 */
@Controller
class PasswordStrengthController {

    /** Typing a password makes a request every few keystrokes: room for an office behind one address. */
    static final ThrottleProperties.Limit CHECKS_PER_ADDRESS = new ThrottleProperties.Limit(600, Duration.ofMinutes(10));

    private final PasswordPolicy policy;
    private final AccountService accounts;
    private final ResetTokens tokens;
    private final RateLimiter limiter;
    private final ClientAddressResolver addresses;
    private final MessageSource messages;

    PasswordStrengthController(PasswordPolicy policy, AccountService accounts, ResetTokens tokens, RateLimiter limiter,
            ClientAddressResolver addresses, MessageSource messages) {
        this.policy = policy;
        this.accounts = accounts;
        this.tokens = tokens;
        this.limiter = limiter;
        this.addresses = addresses;
        this.messages = messages;
    }

    @PostMapping(path = "/password/strength", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> strength(@RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "token", required = false) String token, @AuthenticationPrincipal PortalUser user,
            HttpServletRequest request, Locale locale) {
        if (!limiter.hit("password-strength:" + addresses.resolve(request), CHECKS_PER_ADDRESS).allowed()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).cacheControl(CacheControl.noStore())
                    .body(Map.of("error", "too-many-requests"));
        }
        PasswordPolicy.Assessment assessment = policy.assess(password, context(user, token));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("score", assessment.score());
        body.put("label", password.isEmpty() ? "" : messages.getMessage("change.strength." + assessment.score(), null, "", locale));
        body.put("reason", assessment.acceptable() ? "" : messages.getMessage(assessment.problem().key(), assessment.problem().args(), "", locale));
        body.put("acceptable", assessment.acceptable());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    private PasswordContext context(PortalUser user, String token) {
        Optional<Account> account = Optional.empty();
        if (user != null) {
            account = accounts.findById(user.accountId());
        } else if (token != null && !token.isBlank() && token.length() <= 128) {
            account = tokens.peek(token, ResetTokens.SETUP).flatMap(accounts::findById);
        }
        return account.map(a -> new PasswordContext(a.username(), a.email(), a.displayName())).orElse(null);
    }
}
