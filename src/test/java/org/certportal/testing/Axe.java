package org.certportal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (the npm package the build unpacks into target/axe-core) inside the page the browser
 * shows, against the WCAG 2.0, 2.1 and 2.2 A and AA rules. The script goes in through WebDriver, which
 * the page's CSP does not govern: the portal itself ships no such script.
 */
public final class Axe {

    private static final Path SCRIPT = Path.of("target", "axe-core", "package", "axe.min.js");
    private static String source;

    private Axe() {
    }

    /** One rule broken on one page: the rule, its impact, and the elements that break it. */
    public record Violation(String page, String rule, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return page + ": " + rule + " (" + impact + ") " + help + " at " + targets;
        }
    }

    private static synchronized String source() {
        if (source == null) {
            try {
                source = Files.readString(SCRIPT);
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core is missing at " + SCRIPT + ": mvn generate-test-resources unpacks it", e);
            }
        }
        return source;
    }

    @SuppressWarnings("unchecked")
    public static List<Violation> check(WebDriver driver, String page) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source());
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})
                  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}))))
                  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));
                """);
        List<Violation> violations = new ArrayList<>();
        for (Object o : (List<Object>) result) {
            Map<String, Object> v = (Map<String, Object>) o;
            violations.add(new Violation(page, (String) v.get("id"), (String) v.get("impact"), (String) v.get("help"), (List<String>) v.get("targets")));
        }
        return violations;
    }
}
