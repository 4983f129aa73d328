package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Invariant 7: bad input gets a clear 4xx page or a form error, never a 500 or a stack trace. */
class BadInputIT extends IntegrationTest {

    private static void assertClear4xx(Browser.Page page) {
        assertThat(page.status()).isBetween(400, 499);
        assertThat(page.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("Whitelabel");
    }

    @Test
    void oversizedFields() {
        Browser b = browser();
        b.get("/forgot-password");
        assertClear4xx(b.post("/forgot-password", Map.of("username", "a".repeat(10_000), "email", "x@example.com")));
        b.get("/login");
        Browser.Page page = b.post("/login", Map.of("username", "u", "password", "p".repeat(100_000)));
        assertClear4xx(page);
    }

    @Test
    void controlCharacters() {
        Browser b = browser();
        b.get("/forgot-password");
        Browser.Page page = b.post("/forgot-password", Map.of("username", "bob\u0000\u0007", "email", "x@example.com"));
        assertClear4xx(page);
        assertThat(page.body()).contains("control characters");
    }

    @Test
    void malformedUtf8() {
        Browser b = browser();
        b.get("/forgot-password");
        String csrf = b.get("/forgot-password").csrf().orElseThrow();
        byte[] body = ("_csrf=" + csrf + "&username=%C3%28%FF&email=x%40example.com").getBytes(StandardCharsets.US_ASCII);
        assertClear4xx(b.postBytes("/forgot-password", body));
        assertClear4xx(b.get("/support?q=%C3%28"));
    }

    @Test
    void markupIsShownAsTextNeverRun() {
        Browser b = browser();
        Browser.Page page = b.get("/support?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
    }

    @Test
    void oddRequestsAreAnswered4xx() {
        Browser b = browser();
        assertClear4xx(b.get("/reset/%2e%2e%2f%2e%2e"));
        assertClear4xx(b.get("/reset/" + "a".repeat(5000)));
        Browser.Page noToken = b.submit("/login", "/reset", Map.of());
        assertThat(noToken.status()).isLessThan(500);
        assertThat(noToken.body()).contains("invalid or expired");
        assertClear4xx(b.postRaw("/login", "%%%"));
        // Anonymous visitors are sent to sign in (which pages exist is nobody's business); signed-in ones get a 404 page.
        assertThat(b.get("/no/such/page").location()).endsWith("/login");
        String name = unique("lost");
        createUser(name);
        b.signIn(name, PASSWORD);
        Browser.Page missing = b.get("/no/such/page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("There is no page at this address");
    }
}
