package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certportal.testing.FreePorts.freePort;

import com.example.certificateservices.CertificateServicesApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.certportal.account.Account;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.oidc.Clients;
import org.certportal.testing.Axe;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Browser;
import org.certportal.testing.Mail;
import org.certportal.testing.SecondFactorSteps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Single sign-on as a person meets it: the example relying party of examples/certificate-services
 * ("the certificate services", Spring Boot's OAuth 2.0 client with PKCE) booted beside the portal,
 * registered through {@link Clients} as {@code client add} registers it, and driven in Chromium
 * through the portal's own pages: once with the password, once through the seed's whole
 * "I've forgotten my password" flow begun inside the authorization request, and once through the
 * other steps a sign-in begun there can meet (the second factor, the consent page, the lock).
 */
class SingleSignOnBrowserIT extends BrowserTest {

    private static ConfigurableApplicationContext example;
    private static int examplePort;
    private static String clientId;

    @Autowired
    Clients clients;
    @Autowired
    RegisteredClientRepository registeredClients;

    private final List<Axe.Violation> violations = new ArrayList<>();

    /** The example starts once, against the portal of this class (the shared test portal's port is known only here). */
    @BeforeEach
    void startTheCertificateServices() {
        if (example != null) {
            return;
        }
        examplePort = freePort();
        String exampleBase = "http://localhost:" + examplePort;
        clientId = unique("certificate-services");
        Clients.Added added = clients.add(new Clients.NewClient(clientId, "Certificate services", List.of(exampleBase + "/login/oauth2/code/certportal"),
                List.of(exampleBase + "/"), false, null, false, false, false, exampleBase + "/oauth2/authorization/certportal"), AuditActor.cli(), null);
        // command-line arguments: they outrank the example's own certificate-services.properties (server.port=8081)
        example = CertificateServicesApplication.builder().run(
                "--server.port=" + examplePort,
                "--CERTPORTAL_ISSUER=http://localhost:" + port,
                "--CLIENT_ID=" + clientId,
                "--CLIENT_SECRET=" + added.generatedSecret(),
                // the portal's classpath is the example's here: keep the portal's database, mail and session machinery out of it
                "--spring.autoconfigure.exclude=" + String.join(",", PORTAL_ONLY_AUTO_CONFIGURATIONS),
                "--logging.level.root=warn");
    }

    /** Auto-configurations the portal's dependencies bring onto the shared classpath; the example itself has none of them. */
    private static final List<String> PORTAL_ONLY_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
            "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
            "org.springframework.boot.mail.autoconfigure.MailSenderValidatorAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration");

    @AfterAll
    static void stopTheCertificateServices() {
        if (example != null) {
            example.close();
            example = null;
        }
    }

    private String exampleUrl(String path) {
        return "http://localhost:" + examplePort + path;
    }

    /** The example's front page, its sign-in button, and the portal's sign-in page it leads to. */
    private void startAtTheCertificateServices() {
        driver.manage().deleteAllCookies();
        driver.get(exampleUrl("/"));
        assertThat(find("h1").getText()).isEqualTo("Certificate services");
        clickAndWait(driver.findElement(By.linkText("Sign in with your certportal account")));
        assertThat(driver.getCurrentUrl()).startsWith(url("/login"));
    }

    /** Waits until the browser is back in the example, on its page of claims. */
    private void awaitTheServicesPage() {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(exampleUrl("/services")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not back in the certificate services: at " + driver.getCurrentUrl() + "\n" + pageText(), e);
        }
    }

    private String claim(String name) {
        return find("#claim-" + name).getText();
    }

    /**
     * The example's initiate-login URI (README): Spring's sign-in start takes the portal's {@code iss}
     * and sends the browser to the portal's authorization endpoint; another issuer is refused. Plain
     * HTTP, no browser: what the portal's "Continue to ..." link leads to after a reset in another browser.
     */
    @Test
    void theExamplesInitiateLoginUriStartsASignInAtThePortalAndRefusesAForeignIssuer() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        String portal = "http://localhost:" + port;
        java.net.http.HttpResponse<String> start = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                exampleUrl("/oauth2/authorization/certportal?iss=" + java.net.URLEncoder.encode(portal, java.nio.charset.StandardCharsets.UTF_8)))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(start.headers().firstValue("Location").orElseThrow()).startsWith(portal + "/oauth2/authorize?").contains("client_id=" + clientId)
                .contains("code_challenge=");
        java.net.http.HttpResponse<String> foreign = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                exampleUrl("/oauth2/authorization/certportal?iss=https%3A%2F%2Fevil.example"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void signsInToTheCertificateServicesWithThePasswordAndSignsOutOfBoth() {
        String name = unique("ssopwd");
        Account account = createUser(name);

        startAtTheCertificateServices();
        violations.addAll(Axe.check(driver, "login inside an authorization request"));
        type("#username", name);
        type("#password", PASSWORD);
        find("button[type=submit].primary").click();
        awaitTheServicesPage();
        screenshot("sso-01-certificate-services");
        violations.addAll(Axe.check(driver, "the example's page of claims"));

        assertThat(find("#signed-in-as").getText()).contains(name);
        assertThat(claim("preferred_username")).isEqualTo(name);
        assertThat(claim("email")).isEqualTo(emailOf(name));
        assertThat(claim("amr").split(" ")).contains("pwd").doesNotContain("otp");
        assertThat(claim("iss")).isEqualTo(url(""));
        assertThat(claim("sub")).isNotBlank().isNotEqualTo(name).doesNotContain(name);
        assertThat(claim("auth_time")).isNotBlank();
        assertThat(auditCount(account.id(), AuditType.OIDC_SIGN_IN, AuditOutcome.SUCCESS)).isEqualTo(1);

        // The portal session is open too: its account page answers without asking to sign in
        open("/account");
        assertThat(path()).isEqualTo("/account");
        assertThat(pageText()).contains(name);

        // Signing out of the example ends the portal session (RP-initiated logout) and comes back to the example
        driver.get(exampleUrl("/services"));
        clickAndWait(find("#sign-out"));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().equals(exampleUrl("/")));
        assertThat(find("#sign-in").isDisplayed()).isTrue();
        violations.addAll(Axe.check(driver, "the example's front page"));
        open("/account");
        assertThat(path()).as("the portal session ended with the example's").isEqualTo("/login");
        driver.get(exampleUrl("/services"));
        assertThat(driver.getCurrentUrl()).as("the example session ended as well").startsWith(url("/login"));

        assertThat(violations).isEmpty();
    }

    @Test
    void theSeedsForgottenPasswordFlowBegunAtTheCertificateServicesEndsBackThere() {
        String name = unique("ssoreset");
        createUser(name);
        String email = emailOf(name);

        // The sign-in page the example sent the person to: "I've forgotten my password"
        startAtTheCertificateServices();
        clickAndWait(driver.findElement(By.linkText("I've forgotten my password")));
        assertThat(path()).isEqualTo("/forgot-password");
        type("#username", name);
        type("#email", email);
        clickAndWait(find("button[type=submit].primary"));
        assertThat(pageText()).contains("Check your email");

        // The reset email, its link, the temporary password
        driver.get(Mail.awaitSubject(greenMail, email, "reset link").find(Mail.RESET_LINK));
        clickAndWait(find("#generate"));
        assertThat(pageText()).contains("Temporary password sent");
        Mail.Received third = Mail.awaitSubject(greenMail, email, "temporary password");
        String temporary = third.find(Mail.TEMPORARY_PASSWORD);
        driver.get(third.find(Pattern.compile("(https?://\\S+/login)\\b")));

        // Sign in with it; the forced change
        type("#username", name);
        type("#password", temporary);
        clickAndWait(find("button[type=submit].primary"));
        assertThat(path()).isEqualTo("/password/change");
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistle");
        clickAndWait(find("button[type=submit].primary"));
        assertThat(find("h1").getText()).isEqualTo("Your password has been successfully reset!");
        violations.addAll(Axe.check(driver, "password changed inside an authorization request"));
        screenshot("sso-02-reset-continue");

        // Continue: back in the certificate services, signed in
        clickAndWait(find("a.button"));
        awaitTheServicesPage();
        assertThat(claim("preferred_username")).isEqualTo(name);
        assertThat(claim("amr").split(" ")).contains("pwd");
        Mail.awaitSubject(greenMail, email, "password was changed");

        assertThat(violations).isEmpty();
    }

    /**
     * The other steps of a sign-in begun at the certificate services, in this one browser session and
     * against the one example: an account with an authenticator app gives its code and arrives with
     * {@code amr} otp and mfa; the same application, marked third-party by its operator, gets the consent
     * page first (and the account then sees what it allowed on /account/applications); a locked account
     * gets the lock message, not the application.
     */
    @Test
    void theSecondFactorTheConsentPageAndTheLockMessageAppearInsideASignInBegunAtTheCertificateServices() {
        // An account with an authenticator app (added over HTTP, as SecondFactorIT does)
        String mfaName = unique("ssomfa");
        createUser(mfaName);
        Browser http = browser();
        http.signIn(mfaName, PASSWORD);
        SecondFactorSteps.Enrolled enrolled = SecondFactorSteps.enroll(http, clock);
        clock.advance(Duration.ofSeconds(30)); // the code of the next step: the enrolment's one is used

        startAtTheCertificateServices();
        type("#username", mfaName);
        type("#password", PASSWORD);
        clickAndWait(find("button[type=submit].primary"));
        assertThat(path()).isEqualTo("/login/second-factor");
        violations.addAll(Axe.check(driver, "second step inside an authorization request"));
        type("#code", enrolled.app().code(clock.instant()));
        find("#second-factor-submit").click();
        awaitTheServicesPage();
        assertThat(claim("preferred_username")).isEqualTo(mfaName);
        assertThat(claim("amr").split(" ")).contains("pwd", "otp", "mfa");
        assertThat(claim("acr")).isEqualTo("urn:certportal:acr:mfa");

        // The same application marked third-party (as `client add --third-party` would have registered it): the consent page, Allow
        RegisteredClient registered = registeredClients.findByClientId(clientId);
        registeredClients.save(RegisteredClient.from(registered).clientSettings(ClientSettings.withSettings(registered.getClientSettings().getSettings())
                .requireAuthorizationConsent(true).setting(Clients.THIRD_PARTY, true).build()).build());
        try {
            String consentName = unique("ssoconsent");
            createUser(consentName);
            startAtTheCertificateServices();
            type("#username", consentName);
            type("#password", PASSWORD);
            clickAndWait(find("button[type=submit].primary"));
            assertThat(path()).isEqualTo("/oauth2/consent");
            assertThat(find("h1").getText()).contains("Certificate services");
            assertThat(find("#consent-scopes").getText()).contains("your username and name").contains("your email address");
            violations.addAll(Axe.check(driver, "consent inside a sign-in begun at the example"));
            find("#consent-allow button").click();
            awaitTheServicesPage();
            assertThat(claim("preferred_username")).isEqualTo(consentName);

            // what the account allowed, on its page of applications
            open("/account/applications");
            assertThat(find("section.application h2").getText()).isEqualTo("Certificate services");
            assertThat(find("section.application .application-scopes").getText()).contains("your username and name").contains("your email address");
            assertThat(find("section.application .application-signed-in").getText()).isNotBlank();
        } finally {
            registeredClients.save(registered);
        }

        // A locked account: the lock message on the portal's page, and no way into the application
        String lockedName = unique("ssolocked");
        createUser(lockedName);
        startAtTheCertificateServices();
        for (int i = 0; i < 5; i++) {
            type("#username", lockedName);
            type("#password", "wrong wrong wrong wrong " + i);
            clickAndWait(find("button[type=submit].primary"));
        }
        type("#username", lockedName);
        type("#password", PASSWORD);
        clickAndWait(find("button[type=submit].primary"));
        assertThat(path()).isEqualTo("/login");
        assertThat(find("#locked-message").getText()).contains("This account is locked");
        assertThat(driver.getCurrentUrl()).doesNotStartWith(exampleUrl(""));
        violations.addAll(Axe.check(driver, "lock message inside a sign-in begun at the example"));

        assertThat(violations).isEmpty();
    }
}
