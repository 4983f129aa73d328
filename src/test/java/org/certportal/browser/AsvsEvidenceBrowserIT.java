package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.certportal.testing.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;

/** ASVS evidence that needs a real browser (headless Chromium). */
class AsvsEvidenceBrowserIT extends BrowserTest {

    /**
     * V14.3.3: after a sign-in, the account page and the change page (whose strength meter runs a
     * script and calls the server), the browser holds the session and device cookies only, both
     * HttpOnly, and nothing in Web Storage.
     */
    @Test
    void afterSignInTheBrowserHoldsOnlyHttpOnlySessionAndDeviceCookiesAndNoWebStorage() {
        String name = unique("bstore");
        createUser(name);
        signInWith(name, PASSWORD);
        assertThat(path()).isEqualTo("/account");
        open("/password/change");
        type("#newPassword", "a password typed to wake the strength meter");
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(10))
                .until(d -> !find("#strength-text").getText().isBlank());

        for (String path : new String[] {"/password/change", "/account"}) {
            if (!path.equals("/password/change")) {
                open(path);
            }
            JavascriptExecutor js = (JavascriptExecutor) driver;
            assertThat(((Number) js.executeScript("return window.localStorage.length")).intValue()).as(path + " localStorage").isZero();
            assertThat(((Number) js.executeScript("return window.sessionStorage.length")).intValue()).as(path + " sessionStorage").isZero();
            assertThat(js.executeScript("return document.cookie")).as(path + ": no cookie is readable by scripts").isEqualTo("");
        }
        Set<Cookie> cookies = driver.manage().getCookies();
        assertThat(cookies.stream().map(Cookie::getName).collect(Collectors.toSet())).containsExactlyInAnyOrder("SESSION", "CERTPORTAL_DEVICE");
        assertThat(cookies).allSatisfy(c -> assertThat(c.isHttpOnly()).as(c.getName()).isTrue());
    }
}
