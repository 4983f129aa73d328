package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.certportal.account.Role;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** An agent finds a locked account, unlocks it and sends a username reminder. */
class SupportAgentBrowserIT extends BrowserTest {

    @Test
    void lockedOwnerIsUnlockedBySupport() {
        String name = unique("stuck");
        createUser(name);
        for (int i = 0; i < 5; i++) {
            signInWith(name, "a wrong password " + i + " xyz");
        }
        assertThat(pageText()).contains("This account is locked").contains("one hour").contains("Contact Support");
        screenshot("20-locked");
        clickAndWait(driver.findElement(By.linkText("Contact Support")));
        assertThat(path()).isEqualTo("/support");

        String agent = unique("helpdesk");
        createUser(agent, Role.SUPPORT);
        signInWith(agent, PASSWORD);
        open("/console");
        type("#q", name);
        clickAndWait(find("form.inline-form button"));
        clickAndWait(driver.findElement(By.linkText(name)));
        assertThat(find("#lock").getText()).contains("Locked until");
        screenshot("21-console-account");
        clickAndWait(find("#unlock"));
        assertThat(find("#done").getText()).isEqualTo("The account is unlocked.");
        assertThat(find("#lock").getText()).contains("Not locked");
        clickAndWait(find("#username-reminder"));
        assertThat(find("#done").getText()).isEqualTo("Username reminder queued.");
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "Your username").text()).contains(name);

        signInWith(name, PASSWORD);
        assertThat(path()).isEqualTo("/account");
    }
}
