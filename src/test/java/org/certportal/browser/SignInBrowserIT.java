package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.certportal.account.Account;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.audit.AuditActor;
import org.certportal.recovery.RecoveryService;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SignInBrowserIT extends BrowserTest {

    @Autowired
    RecoveryService recovery;

    @Test
    void signInAndSignOut() {
        String name = unique("bsign");
        createUser(name);
        signInWith(name, "not the right password 1");
        assertThat(pageText()).contains("The username or password is not correct");
        screenshot("10-login-error");
        type("#username", name);
        type("#password", PASSWORD);
        clickAndWait(find("button[type=submit].primary"));
        assertThat(path()).isEqualTo("/account");
        assertThat(pageText()).contains(name).contains(emailOf(name)).contains("Recent sign-in activity");
        screenshot("11-account");
        signOut();
        assertThat(pageText()).contains("You have signed out.");
        open("/account");
        assertThat(path()).isEqualTo("/login");
    }

    @Test
    void theFirstAdministratorSetsTheirPasswordFromTheSetupEmail() {
        String name = unique("firstadmin");
        Account admin = accounts.create(new NewAccount(name, emailOf(name), null, Role.ADMIN, null, false, null));
        recovery.sendAccountSetup(admin, AuditActor.cli());
        String link = Mail.awaitSubject(greenMail, emailOf(name), "Set up your account").find(Pattern.compile("(https?://\\S+/setup/[A-Za-z0-9_-]+)"));
        driver.manage().deleteAllCookies();
        driver.get(link);
        assertThat(pageText()).contains("Choose your password");
        type("#newPassword", "granite comet picnic velvet");
        type("#confirmPassword", "granite comet picnic velvet");
        clickAndWait(find("button[type=submit].primary"));
        assertThat(pageText()).contains("Your account is ready");
        signInWith(name, "granite comet picnic velvet");
        assertThat(path()).as(() -> "signed in with the password just chosen; the page says: " + pageText()).isEqualTo("/account");
        open("/console");
        assertThat(pageText()).contains("Support console").contains("Create an account");
    }

    @Test
    void theSupportDirectoryShowsHoursAndNumbers() {
        driver.manage().deleteAllCookies();
        open("/support");
        assertThat(pageText()).contains("Sunday 8:00 PM ET to Friday 8:00 PM ET").contains("1-866-267-9297").contains("1-613-270-2680")
                .contains("0011 - 800-3687-7863").contains("+44 (0) 118 953 3088").containsAnyOf("Open now", "Closed now");
        screenshot("12-support");
        type("#q", "japan");
        clickAndWait(find("form.inline-form button"));
        assertThat(pageText()).contains("0061 - 800-3687-7863").doesNotContain("Australia");
    }
}
