package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certportal.CertportalApplication;
import org.certportal.account.Account;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** Lockout after the seed article, hardened: atomic, not abusable, shared by every node. */
class LockoutIT extends IntegrationTest {

    private static final String WRONG = "definitely not the password 42";

    @Autowired
    Environment environment;

    private Browser.Page fail(String username) {
        return browser().signIn(username, WRONG);
    }

    @Test
    void fiveFailuresLockTheAccountAndTheOwnerIsToldWhatToDo() {
        String name = unique("lock");
        Account account = createUser(name);
        for (int i = 0; i < 4; i++) {
            assertThat(fail(name).location()).endsWith("/login?error");
        }
        Browser b = browser();
        Browser.Page fifth = b.signIn(name, WRONG);
        assertThat(fifth.location()).contains("/login?error").contains("locked");
        String page = b.follow(fifth).body();
        assertThat(page).contains("locked").contains("one hour").contains("href=\"/support\"").contains("too many failed sign-in attempts");

        // Refused without a password check, even with the right password, and the lock is not extended.
        Browser owner = browser();
        assertThat(owner.signIn(name, PASSWORD).location()).contains("locked");
        assertThat(auditCount(account.id(), AuditType.SIGN_IN, AuditOutcome.FAILURE)).isEqualTo(5);
        assertThat(auditCount(account.id(), AuditType.SIGN_IN, AuditOutcome.LOCKED)).isEqualTo(1);
        assertThat(auditCount(account.id(), AuditType.ACCOUNT_LOCKED, AuditOutcome.SUCCESS)).isEqualTo(1);
        Mail.Received notice = Mail.awaitSubject(greenMail, emailOf(name), "locked");
        assertThat(notice.text()).contains("too many failed sign-in attempts").contains("unlocks by itself").contains("/support");

        clock.advance(Duration.ofMinutes(30));
        assertThat(browser().signIn(name, PASSWORD).location()).contains("locked");
        clock.advance(Duration.ofMinutes(31));
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
    }

    @Test
    void anUnknownUsernameShowsExactlyTheSameLockedPage() {
        String real = unique("reallock");
        createUser(real);
        String ghost = unique("ghostlock");
        Browser.Page realLocked = null;
        Browser.Page ghostLocked = null;
        Browser r = browser();
        Browser g = browser();
        for (int i = 0; i < 5; i++) {
            realLocked = r.signIn(real, WRONG);
            ghostLocked = g.signIn(ghost, WRONG);
        }
        assertThat(ghostLocked.location()).isEqualTo(realLocked.location()).contains("locked");
        String a = r.follow(realLocked).body().replaceAll("value=\"[^\"]+\"", "").replaceAll("datetime=\"[^\"]+\"", "").replaceAll("\\d\\d:\\d\\d UTC", "");
        String b = g.follow(ghostLocked).body().replaceAll("value=\"[^\"]+\"", "").replaceAll("datetime=\"[^\"]+\"", "").replaceAll("\\d\\d:\\d\\d UTC", "");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void aBurstOfThirtyParallelGuessesGetsAtMostFivePasswordChecks() throws Exception {
        String name = unique("burst");
        Account account = createUser(name);
        List<String> answers = parallel(30, () -> browser().signIn(name, WRONG).location());
        assertThat(answers).allMatch(l -> l.contains("/login?error"));
        assertThat(auditCount(account.id(), AuditType.SIGN_IN, AuditOutcome.FAILURE)).isEqualTo(5);
        assertThat(auditCount(account.id(), AuditType.SIGN_IN, AuditOutcome.LOCKED)).isEqualTo(25);
        assertThat(browser().signIn(name, PASSWORD).location()).contains("locked");
    }

    @Test
    void concurrentCorrectSignInsAreNeverRefused() throws Exception {
        String name = unique("many");
        createUser(name);
        List<String> answers = parallel(40, () -> browser().signIn(name, PASSWORD).location());
        assertThat(answers).allMatch(l -> l.endsWith("/account"));
    }

    @Test
    void aHundredFailuresAcrossAutomaticUnlocksLockUntilSupportUnlocks() {
        String name = unique("cap");
        Account account = createUser(name);
        for (int cycle = 0; cycle < 20; cycle++) {
            for (int i = 0; i < 5; i++) {
                fail(name);
            }
            clock.advance(Duration.ofMinutes(61));
        }
        assertThat(browser().signIn(name, PASSWORD).location()).contains("locked");
        clock.advance(Duration.ofDays(2));
        Browser b = browser();
        Browser.Page stillLocked = b.signIn(name, PASSWORD);
        assertThat(stillLocked.location()).contains("locked");
        assertThat(b.follow(stillLocked).body()).contains("stays locked until Support unlocks it");

        org.certportal.account.Account agent = createUser(unique("agent"), org.certportal.account.Role.SUPPORT);
        Browser console = browser();
        console.signIn(agent.username(), PASSWORD);
        console.get("/console/accounts/" + name);
        Browser.Page unlocked = console.post("/console/accounts/" + name + "/unlock", Map.of());
        assertThat(unlocked.status()).isIn(302, 303);
        assertThat(console.follow(unlocked).body()).contains("The account is unlocked.");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
        assertThat(auditCount(account.id(), AuditType.ACCOUNT_UNLOCKED, AuditOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void aStrangerCannotLockTheOwnerOutOfTheirOwnDevice() {
        String name = unique("device");
        createUser(name);
        Browser owner = browser();
        owner.signIn(name, PASSWORD);
        assertThat(owner.cookie("CERTPORTAL_DEVICE")).isPresent();
        owner.post("/logout", Map.of());

        for (int i = 0; i < 5; i++) {
            fail(name);
        }
        assertThat(browser().signIn(name, PASSWORD).location()).as("other devices see the lock").contains("locked");
        assertThat(owner.signIn(name, PASSWORD).location()).as("the owner's device is not locked").endsWith("/account");

        // A forged or foreign device cookie counts as no cookie.
        Browser forger = browser();
        String real = owner.cookie("CERTPORTAL_DEVICE").orElseThrow();
        String forged = real.substring(0, real.length() - 1) + (real.endsWith("0") ? "1" : "0"); // always a different signature
        forger.setCookie("CERTPORTAL_DEVICE", forged);
        assertThat(forger.signIn(name, PASSWORD).location()).contains("locked");
    }

    @Test
    void twoNodesOnOneDatabaseShareOneCount() {
        String name = unique("nodes");
        Account account = createUser(name);
        // Command-line arguments: they outrank application.properties, as an operator's would.
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(CertportalApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--certportal.data-dir=" + environment.getProperty("certportal.data-dir"),
                "--certportal.throttle.enabled=false",
                "--certportal.password.argon2.memory-kib=7168",
                "--certportal.password.argon2.iterations=1",
                "--logging.level.root=warn")) {
            int port2 = ((WebServerApplicationContext) second).getWebServer().getPort();
            Browser nodeB = new Browser("http://localhost:" + port2);
            for (int i = 0; i < 3; i++) {
                fail(name);
            }
            for (int i = 0; i < 2; i++) {
                nodeB.signIn(name, WRONG);
            }
            assertThat(nodeB.signIn(name, PASSWORD).location()).contains("locked");
            assertThat(browser().signIn(name, PASSWORD).location()).contains("locked");
            assertThat(auditCount(account.id(), AuditType.SIGN_IN, AuditOutcome.FAILURE)).isEqualTo(5);
        }
    }

    private static List<String> parallel(int n, Callable<String> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        return results;
    }
}
