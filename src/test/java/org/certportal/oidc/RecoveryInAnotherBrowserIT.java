package org.certportal.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certportal.audit.AuditActor;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.OidcFlow;
import org.certportal.testing.OidcFlow.Pkce;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "The emailed links may open in another browser; there the person signs in again and continues"
 * (issue 15): two browsers with their own cookies, over HTTP, on H2 and PostgreSQL. Browser A starts
 * at the client and asks for the reset; browser B opens the link, signs in with the temporary
 * password and changes it; the success page then sends B to the client's own sign-in start.
 */
class RecoveryInAnotherBrowserIT extends IntegrationTest {

    private static final Pattern CONTINUE = Pattern.compile("id=\"continue-to-client\" href=\"([^\"]+)\"[^>]*>([^<]*)<");
    private static final String INITIATE_LOGIN = "https://app.example/oauth2/authorization/portal";

    @Autowired
    Clients clients;

    private String register(String clientId, String initiateLoginUri) {
        clients.add(new Clients.NewClient(clientId, "Certificates " + clientId, List.of(OidcFlow.REDIRECT_URI), List.of(), false, null, false, false,
                false, initiateLoginUri), AuditActor.cli(), null);
        return clientId;
    }

    /** Browser A: the client sends it to the portal, where it asks for a reset; returns the emailed link's token. */
    private String askAtClient(Browser a, String clientId, String name) {
        Browser.Page start = a.get(OidcFlow.authorizePath(clientId, OidcFlow.REDIRECT_URI, Pkce.create(), "st4te", null, Map.of()));
        assertThat(start.location()).endsWith("/login");
        return ask(a, name);
    }

    private String ask(Browser browser, String name) {
        Browser.Page sent = browser.submit("/forgot-password", "/forgot-password", Map.of("username", name, "email", emailOf(name)));
        assertThat(sent.status()).isEqualTo(200);
        String link = Mail.awaitSubject(greenMail, emailOf(name), "reset link").find(Mail.RESET_LINK);
        return link.substring(link.lastIndexOf('/') + 1);
    }

    /** Opens the link in {@code b}, signs in with the temporary password, changes it; the success page. */
    private Browser.Page resetIn(Browser b, String token, String name) {
        assertThat(b.get("/reset/" + token).body()).contains("Generate temporary password");
        assertThat(b.post("/reset", Map.of("token", token)).body()).contains("Temporary password sent");
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);
        assertThat(b.signIn(name, temporary).location()).endsWith("/password/change");
        b.get("/password/change");
        String next = "amber lantern drifting " + unique("n");
        Browser.Page done = b.post("/password/change", Map.of("currentPassword", temporary, "newPassword", next, "confirmPassword", next));
        assertThat(done.body()).contains("Your password has been successfully reset!");
        return done;
    }

    private static Matcher continueLink(Browser.Page page) {
        Matcher m = CONTINUE.matcher(page.body());
        assertThat(m.find()).as("a Continue link to the client in:\n" + page.body()).isTrue();
        return m;
    }

    private String issuer() {
        return "http://localhost:" + port;
    }

    @Test
    void aLinkOpenedInAnotherBrowserContinuesToTheClientsInitiateLoginUriWithTheIssuer() {
        String name = unique("other");
        createUser(name);
        String clientId = register(unique("app"), INITIATE_LOGIN);
        String token = askAtClient(browser(), clientId, name);
        assertThat(jdbc.sql("SELECT client_id FROM recovery_request WHERE username = ?").param(name).query(String.class).single()).isEqualTo(clientId);

        Browser b = browser();
        Browser.Page done = resetIn(b, token, name);
        Matcher link = continueLink(done);
        String expected = INITIATE_LOGIN + "?iss=" + URLEncoder.encode(issuer(), StandardCharsets.UTF_8);
        assertThat(link.group(1)).isEqualTo(expected);
        assertThat(link.group(2)).isEqualTo("Continue to Certificates " + clientId);
        assertThat(link.group(1)).as("nothing of the account in the URL").doesNotContain(name).doesNotContain("login_hint");
        assertThat(done.body()).doesNotContain("class=\"button\" href=\"/account\"");

        // the offer is made once, and the session stays signed in with the new password
        assertThat(b.get("/account").status()).isEqualTo(200);
        // what the client does with it: start an authorization request, which B, now signed in, completes at once
        Pkce pkce = Pkce.create();
        Browser.Page back = OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(clientId, OidcFlow.REDIRECT_URI, pkce, "st4te2", null, Map.of())),
                issuer());
        assertThat(back.location()).startsWith(OidcFlow.REDIRECT_URI + "?code=");
    }

    @Test
    void aClientWithoutAnInitiateLoginUriIsReachedAtItsRedirectOrigin() {
        String name = unique("origin");
        createUser(name);
        String clientId = register(unique("app"), null);
        String token = askAtClient(browser(), clientId, name);
        assertThat(continueLink(resetIn(browser(), token, name)).group(1)).isEqualTo("https://app.example/");
    }

    @Test
    void inTheSameBrowserTheWaitingAuthorizationRequestIsContinuedAsBefore() {
        String name = unique("same");
        createUser(name);
        String clientId = register(unique("app"), INITIATE_LOGIN);
        Browser a = browser();
        String token = askAtClient(a, clientId, name);
        Matcher link = continueLink(resetIn(a, token, name));
        assertThat(link.group(1)).startsWith("/oauth2/authorize?").contains("client_id=" + clientId);
        assertThat(link.group(2)).isEqualTo("Continue to the application");
    }

    @Test
    void aRecoveryThatDidNotBeginAtAClientOffersNoClient() {
        String name = unique("plain");
        createUser(name);
        String token = ask(browser(), name);
        assertThat(jdbc.sql("SELECT client_id FROM recovery_request WHERE username = ?").param(name).query(String.class).list()).containsExactly((String) null);
        Browser.Page done = resetIn(browser(), token, name);
        assertThat(done.body()).doesNotContain("continue-to-client").contains("class=\"button\" href=\"/account\"");
    }
}
