package org.certportal.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditType;
import org.certportal.login.PortalUser;
import org.certportal.oidc.ClientException;
import org.certportal.oidc.Clients;
import org.certportal.oidc.Clients.ClientView;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's pages for single sign-on clients (ADMIN only, see SecurityConfig): list, register,
 * remove, and each client's recent sign-ins. Registration goes through {@link Clients}, so the
 * console refuses exactly what {@code client add} refuses, with the same one-line reason; a secret
 * is always generated here and shown once, on the answer to the POST (never in a redirect or flash).
 */
@Controller
class ClientConsoleController {

    static final int RECENT_SIGN_INS = 30;
    /** What a form may carry: more redirect URIs than any application needs is a mistake or an attack. */
    static final int MAX_URIS = 20;

    private final Clients clients;
    private final AuditLog audit;
    private final ClientAddressResolver addresses;

    ClientConsoleController(Clients clients, AuditLog audit, ClientAddressResolver addresses) {
        this.clients = clients;
        this.audit = audit;
        this.addresses = addresses;
    }

    /** One of a client's recent sign-ins: who, when, and the ID token's {@code amr} values (how). */
    record SignIn(String username, java.time.Instant at, List<Method> amr) {
    }

    /** An {@code amr} value (RFC 8176) with the message key that names it, or none for a value the portal does not issue. */
    record Method(String value, String key) {
        static final List<String> KNOWN = List.of("pwd", "otp", "hwk", "swk", "mfa");

        static Method of(String value) {
            return new Method(value, KNOWN.contains(value) ? "console.clients.amr." + value : null);
        }
    }

    /** The form as typed, given back with a refusal. */
    record ClientForm(String clientId, String name, String redirectUris, String postLogoutRedirectUris, String type, boolean thirdParty,
            boolean requireMfa, boolean requirePkce, String initiateLoginUri) {
    }

    @GetMapping("/console/clients")
    String list(Model model) {
        model.addAttribute("clients", clients.list());
        return "console/clients";
    }

    @GetMapping("/console/clients/new")
    String newClient(Model model) {
        model.addAttribute("form", new ClientForm("", "", "", "", "confidential", false, false, false, ""));
        return "console/new-client";
    }

    @PostMapping("/console/clients/new")
    String add(@RequestParam(defaultValue = "") String clientId, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String redirectUris, @RequestParam(defaultValue = "") String postLogoutRedirectUris,
            @RequestParam(defaultValue = "confidential") String type, @RequestParam(defaultValue = "false") boolean thirdParty,
            @RequestParam(defaultValue = "false") boolean requireMfa, @RequestParam(defaultValue = "false") boolean requirePkce,
            @RequestParam(defaultValue = "") String initiateLoginUri, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        ClientForm form = new ClientForm(clientId, name, redirectUris, postLogoutRedirectUris, type, thirdParty, requireMfa, requirePkce,
                initiateLoginUri);
        model.addAttribute("form", form);
        if (!type.equals("confidential") && !type.equals("public")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        List<String> redirects = lines(redirectUris);
        List<String> postLogout = lines(postLogoutRedirectUris);
        if (redirects.size() > MAX_URIS || postLogout.size() > MAX_URIS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        if (redirects.isEmpty()) {
            // the command line's reason names its option; the form names its field, in the page's language
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("errorField", "redirectUris");
            model.addAttribute("errorKey", "console.clients.new.redirectRequired");
            return "console/new-client";
        }
        try {
            Clients.Added added = clients.add(new Clients.NewClient(clientId.strip(), name.strip(), redirects, postLogout, type.equals("public"), null,
                    thirdParty, requireMfa, requirePkce, initiateLoginUri.strip()), AuditActor.of(agent.username()), addresses.resolve(request));
            model.addAttribute("client", added.client());
            model.addAttribute("secret", added.generatedSecret());
            return "console/client-added";
        } catch (ClientException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("errorField", fieldOf(e.getMessage(), clientId, postLogout));
            model.addAttribute("errorMessage", e.getMessage());
            return "console/new-client";
        }
    }

    @GetMapping("/console/clients/{clientId}")
    String client(@PathVariable String clientId, Model model) {
        model.addAttribute("client", find(clientId));
        model.addAttribute("signIns", recentSignIns(clientId));
        return "console/client";
    }

    /** The confirmation page: removing a client ends every sign-in through it, so it is asked once more. */
    @GetMapping("/console/clients/{clientId}/remove")
    String confirmRemoval(@PathVariable String clientId, Model model) {
        model.addAttribute("client", find(clientId));
        return "console/remove-client";
    }

    @PostMapping("/console/clients/{clientId}/remove")
    String remove(@PathVariable String clientId, @AuthenticationPrincipal PortalUser agent, HttpServletRequest request, RedirectAttributes flash) {
        ClientView client = find(clientId);
        clients.remove(client.clientId(), AuditActor.of(agent.username()), addresses.resolve(request));
        flash.addFlashAttribute("removed", client.clientId());
        return "redirect:/console/clients";
    }

    /** The provider writes one OIDC_SIGN_IN event per ID token issued for a code: "client ID amr pwd otp ...". */
    List<SignIn> recentSignIns(String clientId) {
        String prefix = "client " + clientId + " amr";
        return audit.recentOfTypeWithDetail(AuditType.OIDC_SIGN_IN, prefix, RECENT_SIGN_INS).stream()
                .filter(e -> e.detail().equals(prefix) || e.detail().startsWith(prefix + " "))
                .map(e -> new SignIn(e.username(), e.at(), amr(e.detail().substring(prefix.length()))))
                .toList();
    }

    private static List<Method> amr(String values) {
        return Arrays.stream(values.strip().split(" ")).filter(v -> !v.isEmpty()).map(Method::of).toList();
    }

    private ClientView find(String clientId) {
        return clients.find(clientId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** One URI a line (blank lines and surrounding spaces ignored), as the CLI takes one per --redirect-uri. */
    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * The form field a refusal is about, so that the message stands next to it. The reasons are the
     * command line's ({@link Clients#add}): they name the client id, the name, the secret, the
     * initiate-login URI, or quote the redirect URI they refuse.
     */
    static String fieldOf(String reason, String clientId, List<String> postLogoutRedirectUris) {
        String r = reason == null ? "" : reason;
        if (r.contains("initiate-login URI")) {
            return "initiateLoginUri";
        }
        if (r.contains("redirect")) {
            for (String uri : postLogoutRedirectUris) {
                if (r.contains("'" + uri + "'") || (uri.length() > 60 && r.contains("'" + uri.substring(0, 60)))) {
                    return "postLogoutRedirectUris";
                }
            }
            return "redirectUris";
        }
        if (r.contains("client name")) {
            return "name";
        }
        return "clientId";
    }
}
