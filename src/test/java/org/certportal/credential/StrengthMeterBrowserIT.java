package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.certportal.account.Role;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The strength meter in headless Chromium: it follows the typing, and shows the server's reasons. */
class StrengthMeterBrowserIT extends IntegrationTest {

    private WebDriver driver;

    @BeforeEach
    void startChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("certportal.test.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("certportal.test.chromedriver", "/usr/bin/chromedriver")))
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String meterValue() {
        return driver.findElement(By.id("strength-meter")).getDomProperty("value");
    }

    private void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    @Test
    void theMeterFollowsTheTypingAndShowsTheReasons() {
        String name = unique("meter");
        createUser(name, Role.USER);
        jdbc.sql("UPDATE account SET must_change_password = TRUE, must_change_reason = 'support' WHERE username = ?").param(name).update();

        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.until(d -> d.getCurrentUrl().endsWith("/password/change"));

        WebElement reason = driver.findElement(By.id("strength-reason"));
        assertThat(reason.isDisplayed()).isFalse();
        WebElement field = driver.findElement(By.id("newPassword"));

        type(field, "manchesterunited");
        wait.until(d -> reason.isDisplayed() && reason.getText().contains("known to attackers"));
        assertThat(Integer.parseInt(meterValue())).isLessThanOrEqualTo(1);

        type(field, "abcdefghijklmnopq");
        wait.until(d -> reason.getText().contains("sequences"));

        type(field, "short one");
        wait.until(d -> reason.getText().contains("at least 15"));

        type(field, "quokka driftwood lantern saffron");
        wait.until(d -> "4".equals(meterValue()) && !reason.isDisplayed());
        assertThat(driver.findElement(By.id("strength-text")).getText()).isEqualTo("very strong");

        // The page loads no inline script, and the browser reported no CSP violation or script error.
        assertThat(driver.findElements(By.cssSelector("script:not([src])"))).isEmpty();
        List<String> scripts = driver.findElements(By.cssSelector("script[src]")).stream().map(e -> e.getDomAttribute("src")).toList();
        assertThat(scripts).contains("/js/strength.js");
    }
}
