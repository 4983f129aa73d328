package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Writes the screenshots of docs/screenshots that README's accessibility section links to. Not part of
 * the test run (it is skipped unless asked for): the pictures are committed files, made by hand after
 * a visible change, with Japanese fonts installed (Debian's fonts-noto-cjk):
 * <pre>
 * mvn -o test-compile failsafe:integration-test@it-browser -Dit.test=DocsScreenshotsBrowserIT -Dcertportal.screenshots=true
 * pngquant --force --skip-if-larger --ext .png docs/screenshots/*.png &amp;&amp; optipng -quiet -o2 docs/screenshots/*.png
 * </pre>
 */
@EnabledIfSystemProperty(named = "certportal.screenshots", matches = "true")
class DocsScreenshotsBrowserIT extends BrowserTest {

    private static final Path DIR = Path.of("docs", "screenshots");
    private static final int WIDTH = 1000;

    @Test
    void writeTheScreenshotsOfTheMainPages() throws Exception {
        Files.createDirectories(DIR);
        driver.manage().deleteAllCookies();
        open("/login?lang=en");
        shot("01-sign-in", WIDTH);
        shot("01-sign-in-320px", 320);

        String name = "alice.martin";
        if (accounts.findByUsername(name).isEmpty()) {
            createUser(name);
        }
        open("/forgot-password");
        type("#username", name);
        type("#email", emailOf(name));
        shot("02-forgot-password", WIDTH);
        clickAndWait(find("button[type=submit].primary"));
        shot("03-check-your-email", WIDTH);

        // The reset email as a mail program shows it: its HTML part, opened from a file.
        Mail.Received resetMail = Mail.awaitSubject(greenMail, emailOf(name), "reset link");
        Path html = Path.of("target", "reset-email.html").toAbsolutePath();
        Files.writeString(html, resetMail.html());
        driver.get(html.toUri().toString());
        shot("04-reset-email", 700);

        driver.get(resetMail.find(Mail.RESET_LINK));
        clickAndWait(find("#generate"));
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);
        signInWith(name, temporary);
        shot("05-forced-change", WIDTH);
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistles");
        clickAndWait(find("button[type=submit].primary"));
        shot("06-forced-change-refused", WIDTH);
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistle");
        clickAndWait(find("button[type=submit].primary"));
        assertThat(find("h1").getText()).isEqualTo("Your password has been successfully reset!");
        shot("07-successfully-reset", WIDTH);
        signOut();

        String locked = "bob.locked";
        if (accounts.findByUsername(locked).isEmpty()) {
            createUser(locked);
        }
        for (int i = 0; i < 5; i++) {
            signInWith(locked, "wrong wrong wrong wrong " + i);
        }
        shot("08-locked", WIDTH);

        driver.manage().deleteAllCookies();
        open("/support");
        shot("09-support-directory", WIDTH);

        Account admin = accounts.findByUsername("carol.admin").orElseGet(() -> createUser("carol.admin", Role.ADMIN));
        signInWith(admin.username(), PASSWORD);
        open("/console/accounts/" + name);
        shot("10-console-account", WIDTH);
        signOut();

        driver.manage().deleteAllCookies();
        open("/forgot-password?lang=fr");
        shot("11-fr-forgot-password", WIDTH);
        open("/login?lang=ja");
        shot("12-ja-sign-in", WIDTH);
        open("/login?lang=en");
    }

    /** The whole page at this width (up to 2,400 px tall), as a PNG. */
    private void shot(String file, int width) throws Exception {
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 700, "deviceScaleFactor", 1, "mobile", false));
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        height = Math.min(Math.max(height, 400), 2400);
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        // The fonts first (the Japanese page's), then the picture; a page that opens on a field shows its focus ring.
        ((JavascriptExecutor) driver).executeScript("return document.fonts.ready.then(() => true);");
        Map<String, Object> result = chrome.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", false));
        Files.write(DIR.resolve(file + ".png"), Base64.getDecoder().decode((String) result.get("data")));
        chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
}
