package org.certportal.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.AccountStatus;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.OidcFlow;
import org.certportal.testing.OidcFlow.Client;
import org.certportal.testing.OidcFlow.Pkce;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * /account/applications (ASVS V10.4.9, V10.7.3): the applications that can act for an account, and
 * "Remove access", which ends their tokens and consent at once; and the account's tokens ending with
 * a password change or a disable (V7.4.3). On H2 and PostgreSQL, driven as a relying party would.
 */
class AccountApplicationsIT extends IntegrationTest {

    @Autowired
    Clients clients;

    private String base() {
        return "http://localhost:" + port;
    }

    private OidcFlow rp() {
        return new OidcFlow(base());
    }

    /** Signs {@code username} in at {@code client} in a new browser; returns its tokens. */
    private OidcFlow.TokenResponse signedInAt(Browser b, Client client, String username) {
        Pkce pkce = Pkce.create();
        return rp().tokens(client, pkce, OidcFlow.signInAtClient(b, base(), client, pkce, null, username, PASSWORD, login -> { }));
    }

    private static String refreshToken(OidcFlow.TokenResponse tokens) {
        return tokens.field("refresh_token").orElseThrow();
    }

    private static String accessToken(OidcFlow.TokenResponse tokens) {
        return tokens.field("access_token").orElseThrow();
    }

    @Test
    void theAccountSeesItsApplicationsAndRemovingOneEndsItsTokensAndConsentAtOnce() {
        String name = unique("apps");
        Account account = createUser(name);
        Client ours = OidcFlow.register(clients, unique("ours"), false, false, false);
        Client theirs = OidcFlow.register(clients, unique("theirs"), false, false, true);
        Browser b = browser();
        OidcFlow.TokenResponse oursTokens = signedInAt(b, ours, name);

        // the third-party client, in the same browser: no password again, but its consent page
        Pkce pkce = Pkce.create();
        Browser.Page consent = OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(theirs.clientId(), OidcFlow.REDIRECT_URI, pkce, OidcFlow.STATE,
                null, Map.of())), base());
        assertThat(consent.body()).contains("id=\"consent-allow\"");
        OidcFlow.TokenResponse theirsTokens = rp().tokens(theirs, pkce, OidcFlow.allow(b, consent, theirs, "email"));

        assertThat(b.get("/account").body()).contains("id=\"applications-link\"").contains("href=\"/account/applications\"");
        Browser.Page page = b.get("/account/applications");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control").orElse("")).contains("no-store");
        String body = page.body();
        assertThat(body).contains("data-client-id=\"" + ours.clientId() + "\"").contains("Test " + ours.clientId())
                .contains("data-client-id=\"" + theirs.clientId() + "\"").contains("Test " + theirs.clientId())
                .doesNotContain("id=\"no-applications\"");
        String oursSection = section(body, ours.clientId());
        assertThat(oursSection).contains("class=\"application-first-party\"").contains("Part of this organisation")
                .contains("class=\"application-signed-in\"").contains("<time");
        String theirsSection = section(body, theirs.clientId());
        // only what the person allowed, in plain words
        assertThat(theirsSection).contains("data-scope=\"email\"").contains("your email address").doesNotContain("data-scope=\"profile\"")
                .doesNotContain("application-first-party").contains("class=\"application-signed-in\"");

        // both work before the removal
        assertThat(rp().get("/userinfo", accessToken(theirsTokens)).status()).isEqualTo(200);

        Browser.Page removed = b.post("/account/applications/remove", Map.of("client", theirs.clientId()));
        assertThat(removed.status()).isEqualTo(302);
        Browser.Page after = b.follow(removed);
        assertThat(after.body()).contains("Test " + theirs.clientId() + " no longer has access to your account.")
                .doesNotContain("data-client-id=\"" + theirs.clientId() + "\"").contains("data-client-id=\"" + ours.clientId() + "\"");

        // the refresh token is refused at once, the access token at /userinfo, and the consent is gone
        OidcFlow.TokenResponse refused = rp().refresh(theirs, refreshToken(theirsTokens));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_grant");
        assertThat(rp().get("/userinfo", accessToken(theirsTokens)).status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization_consent WHERE principal_name = ?").param(name).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization a JOIN oauth2_registered_client c ON c.id = a.registered_client_id "
                + "WHERE a.principal_name = ? AND c.client_id = ?").param(name).param(theirs.clientId()).query(Long.class).single()).isZero();
        // the other application keeps its sign-in
        OidcFlow.TokenResponse oursRefreshed = rp().refresh(ours, refreshToken(oursTokens));
        assertThat(oursRefreshed.status()).as(oursRefreshed.body()).isEqualTo(200);

        // its next visit asks again: for consent in this browser, for the password in another
        Browser.Page again = OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(theirs.clientId(), OidcFlow.REDIRECT_URI, Pkce.create(),
                OidcFlow.STATE, null, Map.of())), base());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("id=\"consent-allow\"");
        Browser.Page elsewhere = browser().get(OidcFlow.authorizePath(theirs.clientId(), OidcFlow.REDIRECT_URI, Pkce.create(), OidcFlow.STATE, null, Map.of()));
        assertThat(elsewhere.location()).endsWith("/login");

        // in the audit log, on the account's activity and in the console
        assertThat(auditCount(account.id(), AuditType.OIDC_ACCESS_REMOVED, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE account_id = ? AND type = ?").param(account.id())
                .param(AuditType.OIDC_ACCESS_REMOVED.name()).query(String.class).single()).contains(theirs.clientId());
        assertThat(b.get("/account").body()).contains("Application access removed");
        String agent = unique("agent");
        createUser(agent, org.certportal.account.Role.SUPPORT);
        Browser support = browser();
        support.signIn(agent, PASSWORD);
        assertThat(support.get("/console/accounts/" + name).body()).contains("Application access removed");
    }

    @Test
    void anotherAccountsClientIdInTheFormRemovesNothing() {
        String owner = unique("owner");
        createUser(owner);
        String other = unique("other");
        Account otherAccount = createUser(other);
        Client client = OidcFlow.register(clients, unique("app"), false, false, true);
        Browser ownerBrowser = browser();
        Pkce pkce = Pkce.create();
        Browser.Page consent = OidcFlow.signInAtClient(ownerBrowser, base(), client, pkce, null, owner, PASSWORD, login -> { });
        OidcFlow.TokenResponse ownerTokens = rp().tokens(client, pkce, OidcFlow.allow(ownerBrowser, consent, client, "profile", "email"));

        Browser b = browser();
        b.signIn(other, PASSWORD);
        Browser.Page empty = b.get("/account/applications");
        assertThat(empty.body()).contains("id=\"no-applications\"").contains("No application has signed you in with your account.")
                .doesNotContain(client.clientId());
        Browser.Page forged = b.post("/account/applications/remove", Map.of("client", client.clientId()));
        assertThat(b.follow(forged).body()).contains("That application had no access to your account.");
        assertThat(auditCount(otherAccount.id(), AuditType.OIDC_ACCESS_REMOVED, AuditOutcome.SUCCESS)).isZero();

        // the owner's tokens and consent are untouched
        OidcFlow.TokenResponse refreshed = rp().refresh(client, refreshToken(ownerTokens));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(rp().get("/userinfo", accessToken(refreshed)).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization_consent WHERE principal_name = ?").param(owner).query(Long.class).single()).isEqualTo(1);

        // a form without the CSRF token is refused
        assertThat(b.postRaw("/account/applications/remove", "client=" + client.clientId()).status()).isEqualTo(403);
    }

    @Test
    void aPasswordChangeEndsTheAccountsRefreshTokens() {
        String name = unique("changed");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        OidcFlow.TokenResponse tokens = signedInAt(browser(), client, name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        String newPassword = "copper lantern drifting over quiet meadows";
        Browser.Page changed = b.submit("/password/change", "/password/change",
                Map.of("currentPassword", PASSWORD, "newPassword", newPassword, "confirmPassword", newPassword));
        assertThat(changed.body()).contains("id=\"success\"");

        OidcFlow.TokenResponse refused = rp().refresh(client, refreshToken(tokens));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(rp().get("/userinfo", accessToken(tokens)).status()).isEqualTo(401);
        // nothing of that single sign-on is left to list
        assertThat(b.get("/account/applications").body()).contains("id=\"no-applications\"");
    }

    @Test
    void aResetThroughRecoveryEndsTheAccountsRefreshTokensWhenTheNewPasswordIsSet() {
        String name = unique("reset");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        OidcFlow.TokenResponse tokens = signedInAt(browser(), client, name);

        // the seed's flow: the request, the link, the temporary password
        browser().submit("/forgot-password", "/forgot-password", Map.of("username", name, "email", emailOf(name)));
        String link = Mail.awaitSubject(greenMail, emailOf(name), "reset link").find(Mail.RESET_LINK);
        String token = link.substring(link.lastIndexOf('/') + 1);
        Browser b = browser();
        b.get("/reset/" + token);
        b.post("/reset", Map.of("token", token));
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);
        // as the old password, the application's sign-in keeps working until the new password is set:
        // a stranger's reset request does not sign the owner out of anything
        OidcFlow.TokenResponse meanwhile = rp().refresh(client, refreshToken(tokens));
        assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(200);

        Browser user = browser();
        user.signIn(name, temporary);
        String newPassword = "copper lantern drifting over quiet meadows";
        user.get("/password/change");
        Browser.Page done = user.post("/password/change", Map.of("currentPassword", temporary, "newPassword", newPassword, "confirmPassword", newPassword));
        assertThat(done.body()).contains("Your password has been successfully reset!");

        assertThat(rp().refresh(client, refreshToken(meanwhile)).status()).isEqualTo(400);
        assertThat(rp().get("/userinfo", accessToken(meanwhile)).status()).isEqualTo(401);
    }

    @Test
    void disablingTheAccountEndsItsRefreshTokens() {
        String name = unique("disabled");
        Account account = createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        OidcFlow.TokenResponse tokens = signedInAt(browser(), client, name);
        assertThat(rp().refresh(client, refreshToken(tokens)).status()).isEqualTo(200);
        OidcFlow.TokenResponse again = signedInAt(browser(), client, name);

        accounts.setStatus(account.id(), AccountStatus.DISABLED);

        assertThat(rp().refresh(client, refreshToken(again)).status()).isEqualTo(400);
        assertThat(rp().get("/userinfo", accessToken(again)).status()).isEqualTo(401);
    }

    /** The HTML of the application's section on the page. */
    private static String section(String body, String clientId) {
        int start = body.indexOf("data-client-id=\"" + clientId + "\"");
        assertThat(start).as(body).isNotNegative();
        int end = body.indexOf("</section>", start);
        return body.substring(start, end);
    }
}
