package com.example.certificateservices;

import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class ServicesController {

    @GetMapping("/")
    String home(@AuthenticationPrincipal OidcUser user) {
        return user == null ? "certificate-services/home" : "redirect:/services";
    }

    /** What the portal told this application about the person: the ID token's claims. */
    @GetMapping("/services")
    String services(@AuthenticationPrincipal OidcUser user, Model model) {
        List<String> amr = user.getClaimAsStringList("amr");
        model.addAttribute("username", user.getPreferredUsername());
        model.addAttribute("name", user.getFullName());
        model.addAttribute("email", user.getEmail());
        model.addAttribute("emailVerified", user.getEmailVerified());
        model.addAttribute("subject", user.getSubject());
        model.addAttribute("issuer", user.getIssuer());
        model.addAttribute("authTime", user.getAuthenticatedAt());
        model.addAttribute("amr", amr == null ? List.of() : amr);
        model.addAttribute("acr", user.getAuthenticationContextClass());
        return "certificate-services/services";
    }
}
