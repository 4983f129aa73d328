package org.certportal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person with a keyboard and no mouse: every key goes to whatever has focus, as real key presses
 * (WebDriver actions), never a click on an element. Scripts only read the page: what has focus and
 * how it is drawn.
 */
public final class Keyboard {

    private static final int MAX_STOPS = 40;
    private final WebDriver driver;

    public Keyboard(WebDriver driver) {
        this.driver = driver;
    }

    public void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    /** Types into whatever has focus. */
    public void type(String text) {
        new Actions(driver).sendKeys(text).perform();
    }

    public void shiftTab() {
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertFocusVisible();
    }

    /** Presses a key that leaves the page (ENTER on a link, SPACE on a submit button) and waits for the next page. */
    public void pressAndWait(CharSequence key) {
        WebElement html = driver.findElement(By.tagName("html"));
        press(key);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(html));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "complete".equals(js("return document.readyState")));
    }

    /**
     * Presses TAB until the element matching {@code css} has focus, checking at every stop that the focus
     * is drawn. Fails when focus leaves the page first (so a later call proves a later place in the order).
     * Returns the stops passed on the way, the target last.
     */
    public List<String> tabTo(String css) {
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < MAX_STOPS; i++) {
            press(Keys.TAB);
            String here = describeFocus();
            assertThat(here).as("TAB left the page before reaching %s; stops: %s", css, stops).isNotEqualTo("body");
            stops.add(here);
            assertFocusVisible();
            if (focusMatches(css)) {
                return stops;
            }
        }
        throw new AssertionError("TAB did not reach " + css + " in " + MAX_STOPS + " stops: " + stops);
    }

    public boolean focusMatches(String css) {
        return Boolean.TRUE.equals(js("return !!document.activeElement && document.activeElement.matches(arguments[0]);", css));
    }

    /** The focused element as tag#id.class (or "body" when nothing has focus). */
    public String describeFocus() {
        return (String) js("""
                const e = document.activeElement;
                if (!e || e === document.body || e === document.documentElement) return 'body';
                return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                    + (e.getAttribute('href') ? '[href=' + e.getAttribute('href') + ']' : '');
                """);
    }

    /** The focused element has an outline or a box shadow, a size, and is inside the window. */
    @SuppressWarnings("unchecked")
    public void assertFocusVisible() {
        Map<String, Object> f = (Map<String, Object>) js("""
                const e = document.activeElement;
                if (!e || e === document.body) return {ok: false, why: 'nothing has focus'};
                const s = getComputedStyle(e);
                const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                const shadow = !!s.boxShadow && s.boxShadow !== 'none';
                const r = e.getBoundingClientRect();
                const inWindow = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
                return {ok: (outline || shadow) && inWindow, why: 'outline ' + s.outlineStyle + ' ' + s.outlineWidth + ', box-shadow ' + s.boxShadow
                    + ', box ' + Math.round(r.left) + ',' + Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height)};
                """);
        assertThat((Boolean) f.get("ok")).as("focus is visible on %s (%s) at %s", describeFocus(), f.get("why"), driver.getCurrentUrl()).isTrue();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}
