package org.certportal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Rate limits with small numbers, so that they are reached quickly; 127.0.0.1 is the trusted proxy. */
@TestPropertySource(properties = {
        "certportal.throttle.enabled=true",
        "certportal.throttle.sign-in-failures-per-address=6",
        "certportal.throttle.recovery-emails-per-account=2",
        "certportal.trusted-proxies=127.0.0.1/32"})
class ThrottleIT extends IntegrationTest {

    @Test
    void passwordSprayingFromOneAddressGets429WithRetryAfter() {
        String address = "198.51.100." + (int) (Math.random() * 200 + 1);
        for (int i = 0; i < 6; i++) {
            Browser b = browser().forwardedFor(address);
            assertThat(b.signIn(unique("spray"), "some guess 12345678").location()).endsWith("/login?error");
        }
        Browser b = browser().forwardedFor(address);
        Browser.Page refused = b.signIn(unique("spray"), "some guess 12345678");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(refused.body()).contains("Too many attempts").contains("minutes");

        // Another address is not affected.
        String name = unique("fine");
        createUser(name);
        assertThat(browser().forwardedFor("203.0.113.9").signIn(name, PASSWORD).location()).endsWith("/account");
    }

    @Test
    void forwardedForIsIgnoredFromUntrustedPeersAndTheLastUntrustedHopCounts() {
        // 127.0.0.1 is trusted here: the client is the last hop that is not a trusted proxy.
        String name = unique("xff");
        createUser(name);
        browser().forwardedFor("10.9.8.7, 192.0.2.44").signIn(name, PASSWORD);
        String recorded = jdbc.sql("SELECT client_address FROM audit_event WHERE username = ? AND type = ? ORDER BY id DESC")
                .param(name).param(AuditType.SIGN_IN.name()).query(String.class).list().get(0);
        assertThat(recorded).isEqualTo("192.0.2.44");
    }

    @Test
    void recoveryEmailsPerAccountAreCappedSilently() {
        String name = unique("flood");
        createUser(name);
        String first = null;
        for (int i = 0; i < 5; i++) {
            Browser b = browser().forwardedFor("192.0.2." + (10 + i));
            Browser.Page page = b.submit("/forgot-password", "/forgot-password", Map.of("username", name, "email", emailOf(name)));
            String body = page.body().replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
            if (first == null) {
                first = body;
            }
            assertThat(body).isEqualTo(first);
        }
        Mail.await(greenMail, emailOf(name), 4);
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(Mail.to(greenMail, emailOf(name))).filteredOn(m -> m.subject().contains("reset link")).hasSize(2);
    }
}
