package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 17, load shedding: one hashing slot, slow hashes and a short max-queue-wait, then a burst of
 * sign-ins at once. Those whose hash would wait too long get the 503 "busy" page at once (not a
 * timeout, not "wrong password"), the same page for an existing account and an unknown username, and
 * they count toward no lockout.
 */
@TestPropertySource(properties = {
        "certportal.password.max-concurrent-hashes=1",
        "certportal.password.max-queue-wait=PT0.3S",
        "certportal.password.argon2.iterations=12",
        "certportal.lockout.max-failures=100",
        "certportal.lockout.permanent-after=100"})
class SignInLoadSheddingIT extends IntegrationTest {

    private static final int BURST = 16;

    @Test
    void aBurstBeyondTheHashQueueGetsTheBusyPageAtOnceTheSameForEveryUsernameAndCountsNoFailure() throws Exception {
        String owner = unique("shed");
        createUser(owner);
        String unknown = unique("shednobody");
        Browser.Page direct = browser().get("/login/busy");
        assertThat(direct.status()).isEqualTo(503);
        assertThat(direct.body()).as("the busy page itself").contains("The portal is busy; try again in a minute");
        // one sign-in first, so that the portal knows how long a hash takes here
        assertThat(browser().signIn(owner, PASSWORD).location()).endsWith("/account");

        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Browser b = browser();
            assertThat(b.get("/login").status()).isEqualTo(200);
            browsers.add(b);
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        List<Future<Browser.Page>> answers = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < BURST; i++) {
                Browser b = browsers.get(i);
                String username = i % 2 == 0 ? owner : unknown;
                answers.add(pool.submit(() -> {
                    go.await();
                    return b.post("/login", Map.of("username", username, "password", "not the password, a guess " + username));
                }));
            }
            go.countDown();
            int busyOwner = 0;
            int busyUnknown = 0;
            int refusedOwner = 0;
            List<String> busyPages = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                Browser.Page answer = answers.get(i).get(120, TimeUnit.SECONDS);
                boolean forOwner = i % 2 == 0;
                if (answer.status() == 503) {
                    assertThat(answer.header("Retry-After")).contains("60");
                    assertThat(answer.body()).as(answer.headers().map().toString()).contains("The portal is busy; try again in a minute").doesNotContain("is not correct");
                    busyPages.add(answer.body().replaceAll("value=\"[^\"]*\"", "value=\"\""));
                    if (forOwner) {
                        busyOwner++;
                    } else {
                        busyUnknown++;
                    }
                } else {
                    assertThat(answer.status()).as(answer.body()).isEqualTo(302);
                    assertThat(answer.location()).contains("/login?error");
                    if (forOwner) {
                        refusedOwner++;
                    }
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(busyOwner + busyUnknown).as("sign-ins refused as busy out of " + BURST).isPositive();
            assertThat(seconds).as("every answer came well before a browser's timeout").isLessThan(60);
            assertThat(busyPages).as("the same page for an existing account and an unknown username").allMatch(busyPages.get(0)::equals);

            // no lockout counted for the refused ones: one failure recorded per "wrong password" answer, none per "busy"
            assertThat(failuresRecordedFor(owner)).isEqualTo(refusedOwner);
            assertThat(failuresRecordedFor(unknown)).isEqualTo(BURST / 2 - busyUnknown);
        } finally {
            pool.shutdownNow();
        }
        // once the burst is over, sign-ins are admitted again
        assertThat(browser().signIn(owner, PASSWORD).location()).endsWith("/account");
        String scrape = prometheusScrape();
        assertThat(scrape).containsPattern("certportal_password_hash_shed_total(\\{[^}]*\\})? [1-9]");
    }

    private long failuresRecordedFor(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE username = ? AND type = ? AND outcome = ?").param(username)
                .param(AuditType.SIGN_IN.name()).param(AuditOutcome.FAILURE.name()).query(Long.class).single();
    }

    /** /actuator/prometheus, which answers the loopback address. */
    private String prometheusScrape() {
        Browser.Page page = browser().get("/actuator/prometheus");
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }
}
