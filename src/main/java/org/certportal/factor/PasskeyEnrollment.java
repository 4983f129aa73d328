package org.certportal.factor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.login.PasskeyRegistrations;
import org.certportal.login.PortalAuthentication;
import org.certportal.login.PortalUser;
import org.certportal.login.SecondFactorStep;
import org.certportal.login.SignInHandlers;
import org.certportal.platform.ClientAddressResolver;
import org.certportal.platform.Secrets;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * After Spring Security stored a new passkey: what adding an authenticator app does
 * ({@link AccountSecurityController#confirm}), the same way. The audit line and email, recovery
 * codes when it is the first factor, the account's other sessions end (they were signed in without
 * it), and this session gets a new id and the passkey as its factor. The recovery codes wait in the
 * session, encrypted with the master key (sessions are database rows), for the page the script opens
 * next ({@code POST /account/security/passkey/added}), which shows them once.
 */
@Component
class PasskeyEnrollment implements PasskeyRegistrations {

    static final String NEW_CODES = "certportal.factor.passkeyRecoveryCodes";

    private final AccountService accounts;
    private final FactorService factors;
    private final SignInHandlers signIn;
    private final Secrets secrets;
    private final ClientAddressResolver addresses;
    private final Clock clock;

    PasskeyEnrollment(AccountService accounts, FactorService factors, SignInHandlers signIn, Secrets secrets, ClientAddressResolver addresses, Clock clock) {
        this.accounts = accounts;
        this.factors = factors;
        this.signIn = signIn;
        this.secrets = secrets;
        this.addresses = addresses;
        this.clock = clock;
    }

    @Override
    public void added(PortalUser user, String label, HttpServletRequest request, HttpServletResponse response) {
        Account account = accounts.findById(user.accountId()).orElseThrow();
        List<String> codes = factors.passkeyAdded(account, label, addresses.resolve(request));
        HttpSession session = request.getSession();
        if (!codes.isEmpty()) {
            session.setAttribute(NEW_CODES, Base64.getEncoder().encodeToString(secrets.encrypt(String.join("\n", codes).getBytes(StandardCharsets.UTF_8))));
        }
        factors.endOtherSessions(account, session.getId());
        request.changeSessionId();
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        signIn.store(PortalAuthentication.replacing(current, user.withSecondFactor(SecondFactorStep.PASSED), FactorGrantedAuthority.WEBAUTHN_AUTHORITY,
                clock.instant()), request, response);
    }

    /** The recovery codes made with the first passkey, once: they leave the session as they are read. */
    List<String> takeNewCodes(HttpSession session) {
        Object v = session.getAttribute(NEW_CODES);
        session.removeAttribute(NEW_CODES);
        if (!(v instanceof String s)) {
            return List.of();
        }
        try {
            return List.of(new String(secrets.decrypt(Base64.getDecoder().decode(s)), StandardCharsets.UTF_8).split("\n"));
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
