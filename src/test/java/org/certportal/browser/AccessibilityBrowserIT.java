package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.certportal.account.Account;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.testing.OidcFlow;
import org.certportal.testing.Axe;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.certportal.recovery.RecoveryService;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WCAG 2.2 AA, checked by axe-core in Chromium, on every page in every state a person meets: empty
 * forms, refusals, locked, sent, signed in, the forced change, the console and its account page.
 * One browser session walks them all and the test lists every violation at once.
 */
class AccessibilityBrowserIT extends BrowserTest {

    private final List<Axe.Violation> violations = new ArrayList<>();
    @Autowired
    RecoveryService recovery;
    @Autowired
    org.certportal.oidc.Clients clients;

    private void check(String page) {
        violations.addAll(Axe.check(driver, page));
    }

    @Test
    void everyPageInEveryStateHasNoWcag22AaViolation() {
        driver.manage().deleteAllCookies();
        for (String page : List.of("/login", "/login?error", "/login?logout", "/forgot-password", "/forgot-username", "/support",
                "/reset/" + "x".repeat(43), "/setup/" + "x".repeat(43), "/no-such-page")) {
            open(page);
            check(page);
        }

        // Refusals and confirmations
        open("/forgot-password");
        type("#username", "nobody-" + unique("a"));
        type("#email", "nobody@example.com");
        clickAndWait(find("button[type=submit].primary"));
        check("forgot-password sent");

        // Refused forms open on their error summary
        open("/forgot-password");
        type("#username", "   ");
        type("#email", "nobody@example.com");
        clickAndWait(find("button[type=submit].primary"));
        check("forgot-password refused");
        open("/forgot-username");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.querySelector('main form').noValidate = true;");
        clickAndWait(find("button[type=submit].primary"));
        check("forgot-username refused");
        String setupName = unique("axesetup");
        recovery.sendAccountSetup(accounts.create(new NewAccount(setupName, emailOf(setupName), null, Role.USER, null, false, null)), org.certportal.audit.AuditActor.cli());
        driver.get(Mail.awaitSubject(greenMail, emailOf(setupName), "Set up your account").find(Pattern.compile("(https?://\\S+/setup/[A-Za-z0-9_-]+)")));
        check("setup");
        type("#newPassword", "granite comet picnic velvet");
        type("#confirmPassword", "granite comet picnic violet");
        clickAndWait(find("button[type=submit].primary"));
        check("setup refused");

        // Locked
        String lockedName = unique("axelocked");
        createUser(lockedName);
        for (int i = 0; i < 5; i++) {
            signInWith(lockedName, "wrong wrong wrong wrong " + i);
        }
        check("login locked");

        // The seed's flow: link, temporary password, forced change with an error, success, account
        String name = unique("axeflow");
        Account account = createUser(name);
        open("/forgot-password");
        type("#username", name);
        type("#email", emailOf(name));
        clickAndWait(find("button[type=submit].primary"));
        String link = Mail.awaitSubject(greenMail, emailOf(name), "reset link").find(Mail.RESET_LINK);
        driver.get(link);
        check("reset link");
        clickAndWait(find("#generate"));
        check("temporary password sent");
        driver.get(link);
        check("reset link used");
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);
        signInWith(name, temporary);
        check("forced change");
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistles");
        clickAndWait(find("button[type=submit].primary"));
        check("forced change refused");
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistle");
        clickAndWait(find("button[type=submit].primary"));
        check("password changed");
        open("/account");
        check("account");
        open("/account/security"); // second factors, the passkey form shown by its script
        check("account security");
        // The applications that can use the account: none yet, then one of ours and a third-party one (its consent page), then a removal
        open("/account/applications");
        check("account applications empty");
        driver.get(url(OidcFlow.registerLandingOn(clients, unique("axeours"), "Certificate services", url("/account/applications"), false)));
        driver.get(url(OidcFlow.registerLandingOn(clients, unique("axetheirs"), "Timesheets by Example Ltd", url("/account/applications"), true)));
        check("consent");
        clickAndWait(find("#consent-allow button"));
        assertThat(path()).isEqualTo("/account/applications");
        check("account applications");
        clickAndWait(find("section.application form button.danger"));
        check("account applications removed");
        signOut();

        // The console and its pages
        Account admin = createUser(unique("axeadmin"), Role.ADMIN);
        signInWith(admin.username(), PASSWORD);
        open("/console");
        check("console");
        open("/console/accounts?q=axe");
        check("console search");
        open("/console/accounts/" + account.username());
        check("console account");
        open("/console/accounts/" + lockedName);
        check("console account locked");
        open("/console/create-account");
        type("#username", unique("axenew"));
        type("#email", "not-an-address@example");
        driver.findElement(By.cssSelector("#displayName")).sendKeys("x");
        clickAndWait(find("button[type=submit].primary"));
        check("console create-account refused");
        open("/console/accounts/" + unique("missing"));
        check("console 404");

        // The console's single sign-on clients: register (refused, then done, with the secret), the client, the list, removal
        open("/console/clients/new");
        check("console clients new");
        type("#clientId", unique("axeclient"));
        type("#redirectUris", "http://app.example/callback");
        clickAndWait(find("button[type=submit].primary"));
        check("console clients new refused");
        type("#redirectUris", "https://app.example/callback");
        clickAndWait(find("button[type=submit].primary"));
        check("console client added");
        clickAndWait(find("#to-client"));
        check("console client");
        open("/console/clients");
        check("console clients");
        open("/console/clients/" + find("#clients a").getText() + "/remove");
        check("console client remove");

        // A window 320 CSS pixels wide, where the wide tables scroll inside their own regions
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", false));
        open("/console");
        check("console at 320 px");
        open("/console/accounts/" + account.username());
        check("console account at 320 px");
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());

        // Pages in the languages the switcher offers: their own scripts, lang attributes and text lengths
        driver.manage().deleteAllCookies();
        for (String lang : List.of("fr", "de", "ja", "ko", "zh-TW")) {
            open("/login?lang=" + lang);
            check("login in " + lang);
            open("/forgot-password?lang=" + lang);
            check("forgot-password in " + lang);
        }
        open("/support?lang=ja");
        check("support in ja");
        open("/login?lang=en");

        assertThat(violations).as("WCAG 2.2 AA violations found by axe-core " + 
                org.certportal.testing.Axe.class.getSimpleName()).isEmpty();
    }
}
