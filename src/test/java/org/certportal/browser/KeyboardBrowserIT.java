package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Keyboard;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * The seed article's whole flow with a keyboard and nothing else: TAB, SHIFT+TAB, ENTER, SPACE and
 * typing, never a click. At every stop the focus must be drawn (an outline or a shadow, inside the
 * window), and each control must come in the order a person reads the page. Opening the emailed
 * links is the one step done by address, as a mail program would.
 */
class KeyboardBrowserIT extends BrowserTest {

    private Keyboard keys;

    @BeforeEach
    void keyboard() {
        keys = new Keyboard(driver);
        driver.manage().deleteAllCookies();
    }

    @Test
    void theSeedsWholeFlowNeedsOnlyAKeyboard() {
        String name = unique("keys");
        createUser(name);
        String email = emailOf(name);

        // The sign-in page opens in the username field; the link comes after the two fields.
        open("/login");
        assertThat(keys.focusMatches("#username")).as("the sign-in page starts in the username field").isTrue();
        keys.assertFocusVisible();
        keys.tabTo("#password");
        keys.tabTo("a#forgot-password");
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("I've forgotten my password");
        keys.pressAndWait(Keys.ENTER);
        assertThat(path()).isEqualTo("/forgot-password");

        // The form: the skip link first, then the fields in order; SHIFT+TAB goes back; SPACE presses the button.
        List<String> stops = keys.tabTo("#username");
        assertThat(stops.get(0)).as("the first stop on a page is the skip link").startsWith("a.skip-link");
        keys.type(name);
        keys.tabTo("#email");
        keys.type(email);
        keys.shiftTab();
        assertThat(keys.focusMatches("#username")).as("SHIFT+TAB goes back to the username").isTrue();
        keys.tabTo("#email");
        keys.tabTo("button[type=submit].primary");
        keys.pressAndWait(Keys.SPACE);
        assertThat(pageText()).contains("Check your email");

        // The reset email's link, then the button that generates the temporary password.
        String link = Mail.awaitSubject(greenMail, email, "reset link").find(Mail.RESET_LINK);
        driver.get(link);
        keys.tabTo("#generate");
        keys.pressAndWait(Keys.ENTER);
        assertThat(pageText()).contains("Temporary password sent");

        // The third email's link back to the sign-in page, and a sign-in with the temporary password.
        Mail.Received third = Mail.awaitSubject(greenMail, email, "temporary password");
        String temporary = third.find(Mail.TEMPORARY_PASSWORD);
        driver.get(third.find(Pattern.compile("(https?://\\S+/login)\\b")));
        assertThat(keys.focusMatches("#username")).isTrue();
        keys.type(name);
        keys.tabTo("#password");
        keys.type(temporary);
        keys.pressAndWait(Keys.ENTER);

        // Current / New / Confirm, in that order; a mistake first, to meet the error summary.
        assertThat(path()).isEqualTo("/password/change");
        keys.tabTo("#currentPassword");
        keys.type(temporary);
        keys.tabTo("#newPassword");
        keys.type("quiet harbour lantern whistle");
        keys.tabTo("#confirmPassword");
        keys.type("quiet harbour lantern whistles");
        keys.tabTo("button[type=submit].primary");
        keys.pressAndWait(Keys.ENTER);
        assertThat(keys.describeFocus()).as("a refused change opens on its error summary").startsWith("div#error-summary");
        keys.assertFocusVisible();
        keys.tabTo(".error-summary a[href='#confirmPassword']");
        keys.press(Keys.ENTER);
        assertThat(keys.focusMatches("#confirmPassword")).as("the summary's link leads into the field").isTrue();

        // The fields are empty again after a refusal: fill all three from the top.
        keys.shiftTab();
        while (!keys.focusMatches("#currentPassword")) {
            keys.shiftTab();
        }
        keys.type(temporary);
        keys.tabTo("#newPassword");
        keys.type("quiet harbour lantern whistle");
        keys.tabTo("#confirmPassword");
        keys.type("quiet harbour lantern whistle");
        keys.tabTo("button[type=submit].primary");
        keys.pressAndWait(Keys.SPACE);
        assertThat(find("h1").getText()).isEqualTo("Your password has been successfully reset!");

        keys.tabTo("a.button");
        keys.pressAndWait(Keys.ENTER);
        assertThat(path()).isEqualTo("/account");
        assertThat(pageText()).contains(name);
    }

    @Test
    void theSkipLinkIsTheFirstStopOnEveryPageAndLeadsPastTheHeader() {
        for (String page : List.of("/forgot-password", "/support", "/forgot-username", "/login?error")) {
            open(page);
            if (keys.focusMatches("#error-summary")) {
                // a refused form starts on its summary; the skip link is the first stop from the top
                keys.shiftTab();
                while (!keys.focusMatches("a.skip-link")) {
                    keys.shiftTab();
                }
            } else {
                keys.press(Keys.TAB);
                keys.assertFocusVisible();
            }
            assertThat(keys.describeFocus()).as("first stop on %s", page).isEqualTo("a.skip-link[href=#main]");
            keys.press(Keys.ENTER);
            keys.press(Keys.TAB);
            keys.assertFocusVisible();
            assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("return document.getElementById('main').contains(document.activeElement);"))
                    .as("after the skip link, TAB lands inside the page's main content on %s, not on %s", page, keys.describeFocus()).isTrue();
        }
    }
}
