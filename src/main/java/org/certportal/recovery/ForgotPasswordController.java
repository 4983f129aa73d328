package org.certportal.recovery;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.certportal.login.PendingAuthorization;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * "I've forgotten my password" and "I've forgotten my username". Every well-formed request gets
 * the same page, byte for byte apart from the CSRF token, after the same single INSERT.
 */
@Controller
class ForgotPasswordController {

    record ForgotPasswordForm(String username, String email) {
    }

    record ForgotUsernameForm(String email) {
    }

    private final RecoveryRequests requests;
    private final ClientAddressResolver addresses;

    ForgotPasswordController(RecoveryRequests requests, ClientAddressResolver addresses) {
        this.requests = requests;
        this.addresses = addresses;
    }

    @GetMapping("/forgot-password")
    String form(Model model) {
        model.addAttribute("form", new ForgotPasswordForm("", ""));
        return "forgot-password";
    }

    @PostMapping("/forgot-password")
    String submit(@ModelAttribute ForgotPasswordForm form, HttpServletRequest request, HttpServletResponse response, Model model) {
        String username = trim(form.username());
        String email = trim(form.email());
        if (username.isEmpty() || email.isEmpty()) {
            model.addAttribute("form", new ForgotPasswordForm(username, email));
            model.addAttribute("missing", true);
            return "forgot-password";
        }
        // asked inside a single sign-on: the link may be opened in another browser, which then continues to this client
        String clientId = PendingAuthorization.parameter(request, response, OAuth2ParameterNames.CLIENT_ID).orElse(null);
        requests.submit(RecoveryRequests.RESET, username, email, addresses.resolve(request), LocaleContextHolder.getLocale().toLanguageTag(), clientId);
        return "forgot-password-sent";
    }

    @GetMapping("/forgot-username")
    String usernameForm(Model model) {
        model.addAttribute("form", new ForgotUsernameForm(""));
        return "forgot-username";
    }

    @PostMapping("/forgot-username")
    String usernameSubmit(@ModelAttribute ForgotUsernameForm form, HttpServletRequest request, Model model) {
        String email = trim(form.email());
        if (email.isEmpty()) {
            model.addAttribute("form", new ForgotUsernameForm(email));
            model.addAttribute("missing", true);
            return "forgot-username";
        }
        requests.submit(RecoveryRequests.USERNAME, null, email, addresses.resolve(request), LocaleContextHolder.getLocale().toLanguageTag(), null);
        return "forgot-username-sent";
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
