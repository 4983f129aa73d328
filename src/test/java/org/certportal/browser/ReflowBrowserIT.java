package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.certportal.testing.OidcFlow;
import org.certportal.testing.BrowserTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Reflow (WCAG 1.4.10): in a window 320 CSS pixels wide, no main page scrolls sideways (a wide data
 * table may scroll inside its own box, which WCAG allows). And whoever asks for less motion gets none.
 */
class ReflowBrowserIT extends BrowserTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.certportal.oidc.Clients clients;

    private final List<String> tooWide = new ArrayList<>();

    @AfterEach
    void normalWindow() {
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    @Test
    void noMainPageScrollsSidewaysAt320CssPixels() {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 320, "height", 640, "deviceScaleFactor", 1, "mobile", false));
        driver.manage().deleteAllCookies();
        for (String page : List.of("/login", "/login?error", "/forgot-password", "/forgot-username", "/support",
                "/reset/" + "x".repeat(43), "/no-such-page", "/login?lang=fr", "/forgot-password?lang=de", "/support?lang=ja",
                "/login?lang=ko", "/login?lang=zh-TW", "/login?lang=en")) {
            open(page);
            measure(page);
        }
        open("/forgot-password");
        type("#username", "nobody-" + unique("r"));
        type("#email", "nobody@example.com");
        clickAndWait(find("button[type=submit].primary"));
        measure("forgot-password sent");

        String lockedName = unique("reflowlocked");
        createUser(lockedName);
        for (int i = 0; i < 5; i++) {
            signInWith(lockedName, "wrong wrong wrong wrong " + i);
        }
        measure("login locked");

        String name = unique("reflow");
        Account account = createUser(name);
        open("/forgot-password");
        type("#username", name);
        type("#email", emailOf(name));
        clickAndWait(find("button[type=submit].primary"));
        driver.get(Mail.awaitSubject(greenMail, emailOf(name), "reset link").find(Mail.RESET_LINK));
        measure("reset link");
        clickAndWait(find("#generate"));
        measure("temporary password sent");
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);
        signInWith(name, temporary);
        measure("forced change");
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistles");
        clickAndWait(find("button[type=submit].primary"));
        measure("forced change refused");
        type("#currentPassword", temporary);
        type("#newPassword", "quiet harbour lantern whistle");
        type("#confirmPassword", "quiet harbour lantern whistle");
        clickAndWait(find("button[type=submit].primary"));
        measure("password changed");
        open("/account");
        measure("account");
        open("/account/applications");
        measure("account applications empty");
        driver.get(url(OidcFlow.registerLandingOn(clients, unique("reflowours"), "Certificate services", url("/account/applications"), false)));
        driver.get(url(OidcFlow.registerLandingOn(clients, unique("reflowtheirs"), "Timesheets and expenses by Example Consulting Ltd", url("/account/applications"), true)));
        measure("consent");
        clickAndWait(find("#consent-allow button"));
        measure("account applications");
        clickAndWait(find("section.application form button.danger"));
        measure("account applications removed");
        signOut();

        Account admin = createUser(unique("reflowadmin"), Role.ADMIN);
        signInWith(admin.username(), PASSWORD);
        for (String page : List.of("/console", "/console/accounts?q=reflow", "/console/accounts/" + account.username(),
                "/console/accounts/" + lockedName, "/console/create-account")) {
            open(page);
            measure(page);
        }
        type("#username", unique("reflownew"));
        type("#email", "not-an-address@example");
        clickAndWait(find("button[type=submit].primary"));
        measure("console create-account refused");

        assertThat(tooWide).as("pages wider than a 320 CSS pixel window").isEmpty();
    }

    @Test
    void reducedMotionSwitchesOffTransitions() {
        open("/forgot-password");
        assertThat(transitionOfSubmitButton()).as("a transition exists to switch off").isNotEqualTo("0s");
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
        open("/forgot-password");
        assertThat((Boolean) ((JavascriptExecutor) driver).executeScript("return matchMedia('(prefers-reduced-motion: reduce)').matches")).isTrue();
        assertThat(transitionOfSubmitButton()).isEqualTo("0s");
    }

    private String transitionOfSubmitButton() {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.querySelector('button[type=submit].primary')).transitionDuration.split(',')[0].trim();");
    }

    @SuppressWarnings("unchecked")
    private void measure(String page) {
        Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
                const d = document.documentElement;
                const wide = Array.from(document.body.querySelectorAll('*')).filter(e => e.getBoundingClientRect().right > d.clientWidth + 0.5
                    && !e.closest('.table-scroll'))
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '')
                        + ' right=' + Math.round(e.getBoundingClientRect().right));
                return {inner: window.innerWidth, scroll: d.scrollWidth, wide: wide};
                """);
        assertThat(((Number) m.get("inner")).intValue()).as("window width").isEqualTo(320);
        if (((Number) m.get("scroll")).intValue() > 320) {
            tooWide.add(page + ": scrollWidth " + m.get("scroll") + ", widest " + m.get("wide"));
        }
    }
}
