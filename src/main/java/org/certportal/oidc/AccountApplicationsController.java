package org.certportal.oidc;

import jakarta.servlet.http.HttpServletRequest;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.login.PortalUser;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** /account/applications: the applications that can act for the signed-in account, and "Remove access". */
@Controller
class AccountApplicationsController {

    static final String PATH = "/account/applications";

    private final AccountApplications applications;
    private final AuditLog audit;
    private final ClientAddressResolver addresses;

    AccountApplicationsController(AccountApplications applications, AuditLog audit, ClientAddressResolver addresses) {
        this.applications = applications;
        this.audit = audit;
        this.addresses = addresses;
    }

    @GetMapping(PATH)
    String page(@AuthenticationPrincipal PortalUser user, Model model) {
        model.addAttribute("applications", applications.of(user.username()));
        return "oidc/applications";
    }

    @PostMapping(PATH + "/remove")
    String remove(@AuthenticationPrincipal PortalUser user, @RequestParam(name = "client", defaultValue = "") String clientId,
            HttpServletRequest request, RedirectAttributes flash) {
        AccountApplications.Removed removed = applications.remove(user.username(), clientId);
        if (removed == null) {
            flash.addFlashAttribute("done", "applications.notFound");
            return "redirect:" + PATH;
        }
        audit.record(SecurityEvent.of(AuditType.OIDC_ACCESS_REMOVED, AuditOutcome.SUCCESS).about(user.accountId(), user.username())
                .by(AuditActor.of(user.username())).from(addresses.resolve(request))
                .detail("client " + removed.clientId() + ": " + removed.authorizations() + " authorizations" + (removed.consent() ? " and the consent" : "")
                        + " removed by the owner"));
        flash.addFlashAttribute("done", "applications.removed");
        flash.addFlashAttribute("removedName", removed.name());
        return "redirect:" + PATH;
    }
}
