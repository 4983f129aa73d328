package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.certportal.account.Account;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.recovery.RecoveryService;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Keyboard;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * After every refused form the page opens with focus on what went wrong: an error summary (or the
 * lock notice) that a screen reader reads at once and whose lines link to the fields to fix. It must
 * hold without JavaScript too, so every case runs twice: with portal.js, and with the browser refusing
 * to load it (then the summary's own autofocus attribute does the work).
 */
class ErrorFocusBrowserIT extends BrowserTest {

    @Autowired
    RecoveryService recovery;

    @AfterEach
    void loadScriptsAgain() {
        blockPortalScript(false);
    }

    @Test
    void everyRefusedFormOpensOnItsErrorSummaryWithJavaScript() {
        everyRefusedForm();
    }

    @Test
    void everyRefusedFormOpensOnItsErrorSummaryWithoutJavaScript() {
        blockPortalScript(true);
        everyRefusedForm();
    }

    private void everyRefusedForm() {
        driver.manage().deleteAllCookies();

        // Sign-in refused
        String name = unique("focus");
        createUser(name);
        signInWith(name, "not the right password at all");
        assertFocusOnSummaryLinkingTo("sign-in refused", "username");

        // Forgotten password with a blank username (spaces pass the browser's own check; the server trims them)
        open("/forgot-password");
        type("#username", "   ");
        type("#email", emailOf(name));
        clickAndWait(find("button[type=submit].primary"));
        assertFocusOnSummaryLinkingTo("forgot-password blank username", "username");

        // Forgotten username with nothing entered (the browser's own check switched off, as an old browser would lack it)
        open("/forgot-username");
        ((JavascriptExecutor) driver).executeScript("document.querySelector('main form').noValidate = true;");
        clickAndWait(find("button[type=submit].primary"));
        assertFocusOnSummaryLinkingTo("forgot-username empty", "email");

        // Locked: the notice takes focus
        String locked = unique("focuslocked");
        createUser(locked);
        for (int i = 0; i < 5; i++) {
            signInWith(locked, "wrong wrong wrong wrong " + i);
        }
        assertThat(new Keyboard(driver).describeFocus()).as("the lock notice has focus").startsWith("div#locked-message");
        new Keyboard(driver).assertFocusVisible();

        // The forced change: a wrong current password, then a mismatch
        accounts.requirePasswordChange(accounts.findByUsername(name).orElseThrow().id(), "support");
        signInWith(name, PASSWORD);
        assertThat(path()).isEqualTo("/password/change");
        type("#currentPassword", "not my password at all");
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistle");
        clickAndWait(find("button[type=submit].primary"));
        assertFocusOnSummaryLinkingTo("change: wrong current password", "currentPassword");
        type("#currentPassword", PASSWORD);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistles");
        clickAndWait(find("button[type=submit].primary"));
        assertFocusOnSummaryLinkingTo("change: confirmation differs", "confirmPassword");
        type("#currentPassword", PASSWORD);
        type("#newPassword", "password123456789");
        type("#confirmPassword", "password123456789");
        clickAndWait(find("button[type=submit].primary"));
        assertFocusOnSummaryLinkingTo("change: weak password", "newPassword");

        // Account setup from its email
        String setupName = unique("focussetup");
        Account fresh = accounts.create(new NewAccount(setupName, emailOf(setupName), null, Role.USER, null, false, null));
        recovery.sendAccountSetup(fresh, org.certportal.audit.AuditActor.cli());
        String setupLink = Mail.awaitSubject(greenMail, emailOf(setupName), "Set up your account").find(Pattern.compile("(https?://\\S+/setup/[A-Za-z0-9_-]+)"));
        driver.manage().deleteAllCookies();
        driver.get(setupLink);
        type("#newPassword", "granite comet picnic velvet");
        type("#confirmPassword", "granite comet picnic violet");
        clickAndWait(find("button[type=submit].primary"));
        assertFocusOnSummaryLinkingTo("setup: confirmation differs", "confirmPassword");

        // The console's account creation
        Account admin = createUser(unique("focusadmin"), Role.ADMIN);
        signInWith(admin.username(), PASSWORD);
        open("/console/create-account");
        type("#username", unique("focusnew"));
        type("#email", "not-an-address@example");
        clickAndWait(find("button[type=submit].primary"));
        assertFocusOnSummaryLinkingTo("console create-account refused", "email");
    }

    private void assertFocusOnSummaryLinkingTo(String state, String field) {
        Keyboard keys = new Keyboard(driver);
        assertThat(keys.describeFocus()).as("focus after %s", state).startsWith("div#error-summary");
        keys.assertFocusVisible();
        assertThat(find("#error-summary").getAttribute("role")).isEqualTo("alert");
        @SuppressWarnings("unchecked")
        List<String> targets = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.querySelectorAll('#error-summary a[href^="#"]'))
                    .map(a => a.getAttribute('href').substring(1))
                    .filter(id => { const f = document.getElementById(id); return f && f.matches('input, select, textarea'); });
                """);
        assertThat(targets).as("the summary after %s links to its field", state).containsExactly(field);
        assertThat(find("#" + field).getAttribute("aria-invalid")).as("the field is marked invalid after %s", state).isEqualTo("true");
    }

    private void blockPortalScript(boolean block) {
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", block ? List.of("*/js/portal.js") : List.of()));
    }
}
