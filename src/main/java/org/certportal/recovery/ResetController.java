package org.certportal.recovery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.login.ContinueToClient;
import org.certportal.login.PendingAuthorization;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The link of email 2. Opening it (GET or HEAD, as mail scanners and link previews do) only shows
 * a button; the POST that the button sends is what uses the link and emails the temporary password.
 * The token then travels in the POST body, not in a URL.
 */
@Controller
class ResetController {

    private final ResetTokens tokens;
    private final RecoveryService recovery;
    private final ClientAddressResolver addresses;

    ResetController(ResetTokens tokens, RecoveryService recovery, ClientAddressResolver addresses) {
        this.tokens = tokens;
        this.recovery = recovery;
        this.addresses = addresses;
    }

    @GetMapping("/reset/{token}")
    String show(@PathVariable String token, Model model, jakarta.servlet.http.HttpServletResponse response) {
        if (!ResetTokens.wellFormed(token)) {
            response.setStatus(400); // no link we send looks like this
            return "reset-invalid";
        }
        if (tokens.peek(token, ResetTokens.RESET).isEmpty()) {
            return "reset-invalid";
        }
        model.addAttribute("token", token);
        return "reset";
    }

    @PostMapping("/reset")
    String generate(@RequestParam(required = false) String token, HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        if (!ResetTokens.wellFormed(token)) {
            return "reset-invalid";
        }
        Long accountId = tokens.peek(token, ResetTokens.RESET).orElse(null);
        if (accountId != null && recovery.isLocked(accountId)) {
            return "reset-locked";
        }
        Optional<Account> issued = recovery.issueTemporaryPassword(token, addresses.resolve(request), LocaleContextHolder.getLocale().toLanguageTag());
        if (issued.isEmpty()) {
            return "reset-invalid";
        }
        // The reset began at a client, in a browser that may not be this one: with no authorization
        // request waiting here, this session remembers to continue to that client after the change.
        if (PendingAuthorization.path(request, response).isEmpty()) {
            tokens.clientId(token).ifPresent(clientId -> ContinueToClient.remember(request, issued.get().id(), clientId));
        }
        return "reset-sent";
    }
}
