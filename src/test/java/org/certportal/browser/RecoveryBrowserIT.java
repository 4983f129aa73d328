package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.certportal.testing.BrowserTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The seed article, step by step, as a person does it in a browser, reading the three emails. */
class RecoveryBrowserIT extends BrowserTest {

    @Test
    void forgottenPasswordToSuccessfullyReset() {
        String name = unique("walk");
        createUser(name);
        String email = emailOf(name);
        driver.manage().deleteAllCookies();

        // 1-3: the login screen's link
        open("/login");
        screenshot("01-login");
        clickAndWait(driver.findElement(By.linkText("I've forgotten my password")));
        assertThat(path()).isEqualTo("/forgot-password");

        // 4: username and registered email
        assertThat(pageText()).contains("Password Reset").contains("registered");
        type("#username", name);
        type("#email", email);
        screenshot("02-forgot-password");
        clickAndWait(find("button[type=submit].primary"));
        assertThat(pageText()).contains("Check your email").contains("junk mail");
        screenshot("03-check-your-email");

        // 5: two emails, a notification and the reset email
        Mail.await(greenMail, email, 2);
        assertThat(Mail.awaitSubject(greenMail, email, "was requested").text()).contains("If you did not ask for this");
        String link = Mail.awaitSubject(greenMail, email, "reset link").find(Mail.RESET_LINK);

        // 6: the link, then the button that generates the temporary password
        driver.get(link);
        assertThat(pageText()).contains("Generate a temporary password");
        screenshot("04-reset-link");
        clickAndWait(find("#generate"));
        assertThat(pageText()).contains("Temporary password sent");

        // 7: the third email, with its link back to the login page
        Mail.Received third = Mail.awaitSubject(greenMail, email, "temporary password");
        String temporary = third.find(Mail.TEMPORARY_PASSWORD);
        String loginLink = third.find(java.util.regex.Pattern.compile("(https?://\\S+/login)\\b"));
        driver.get(loginLink);

        // 8: sign in with the temporary password
        type("#username", name);
        type("#password", temporary);
        clickAndWait(find("button[type=submit].primary"));

        // 9: Current / New / Confirm
        assertThat(path()).isEqualTo("/password/change");
        assertThat(pageText()).contains("Current Password").contains("New Password").contains("Confirm Password");
        screenshot("05-change-password");
        open("/account");
        assertThat(path()).as("every signed-in page leads to the change page").isEqualTo("/password/change");
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistle");
        clickAndWait(find("button[type=submit].primary"));
        assertThat(find("h1").getText()).isEqualTo("Your password has been successfully reset!");
        screenshot("06-success");
        clickAndWait(find("a.button"));
        assertThat(path()).isEqualTo("/account");
        assertThat(pageText()).contains(name);
        Mail.awaitSubject(greenMail, email, "password was changed");
    }

    @Test
    void aWrongConfirmationIsExplainedNextToTheField() {
        String name = unique("confirm");
        createUser(name);
        accounts.requirePasswordChange(accounts.findByUsername(name).orElseThrow().id(), "support");
        signInWith(name, PASSWORD);
        assertThat(path()).isEqualTo("/password/change");
        type("#currentPassword", PASSWORD);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistles");
        clickAndWait(find("button[type=submit].primary"));
        assertThat(find("#confirmPassword-error").getText()).contains("do not match");
        assertThat(find("#confirmPassword").getAttribute("aria-invalid")).isEqualTo("true");
        type("#currentPassword", PASSWORD);
        type("#newPassword", "password123456789");
        type("#confirmPassword", "password123456789");
        clickAndWait(find("button[type=submit].primary"));
        assertThat(find("#newPassword-error").getText()).isNotBlank();
        screenshot("07-change-password-refused");
    }
}
