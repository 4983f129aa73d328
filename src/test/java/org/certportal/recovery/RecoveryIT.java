package org.certportal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.certportal.account.Account;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.platform.PortalProperties;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The seed article's recovery, step by step, and each property that makes it safe. */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class RecoveryIT extends IntegrationTest {

    private static final String NEW_PASSWORD = "marble lantern orchestra drifting";

    @Autowired
    PortalProperties portal;
    @Autowired
    RecoveryProperties recoveryProperties;
    @Autowired
    RecoveryWorker worker;
    @Autowired
    org.springframework.boot.logging.LoggingSystem loggingSystem;

    private String requestReset(String username, String email) {
        Browser b = browser();
        Browser.Page sent = b.submit("/forgot-password", "/forgot-password", Map.of("username", username, "email", email));
        assertThat(sent.status()).isEqualTo(200);
        return sent.body();
    }

    /** A new account with a reset link requested through the page; the link's token. */
    private String userWithResetLink(String name) {
        createUser(name);
        requestReset(name, emailOf(name));
        return resetToken(emailOf(name));
    }

    /** Presses the link's button, as email 2 asks, and reads email 3. */
    private String temporaryPassword(String name, String token) {
        Browser b = browser();
        b.get("/reset/" + token);
        b.post("/reset", Map.of("token", token));
        return Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);
    }

    private String resetToken(String email) {
        String link = Mail.awaitSubject(greenMail, email, "reset link").find(Mail.RESET_LINK);
        assertThat(link).startsWith(portal.origin() + "/reset/");
        return link.substring(link.lastIndexOf('/') + 1);
    }

    @Test
    void theWholeFlowOfTheArticle() {
        String name = unique("flow");
        createUser(name);
        String email = emailOf(name);

        String answer = requestReset(name, email);
        assertThat(answer).contains("Check your email").contains("junk mail");

        List<Mail.Received> two = Mail.await(greenMail, email, 2);
        assertThat(two).extracting(Mail.Received::subject).containsExactlyInAnyOrder(
                "A password reset was requested for your account", "Your password reset link");
        Mail.Received notification = Mail.awaitSubject(greenMail, email, "was requested");
        assertThat(notification.text()).contains("When:").contains("If you did not ask for this").doesNotContain("/reset/");
        assertThat(notification.contentType()).contains("multipart");
        assertThat(notification.html()).isNotBlank();
        String token = resetToken(email);

        Browser b = browser();
        Browser.Page page = b.get("/reset/" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"token\"").contains("action=\"/reset\"").contains("Generate temporary password");
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
        assertThat(page.header("Cache-Control").orElseThrow()).contains("no-store");

        Browser.Page generated = b.post("/reset", Map.of("token", token));
        assertThat(generated.body()).contains("Temporary password sent");
        Mail.Received third = Mail.awaitSubject(greenMail, email, "temporary password");
        String temporary = third.find(Mail.TEMPORARY_PASSWORD);
        assertThat(third.text()).contains(portal.origin() + "/login");
        assertThat(temporary.replace("-", "")).hasSizeGreaterThanOrEqualTo(16); // >= 80 bits of base32

        Browser user = browser();
        Browser.Page signIn = user.signIn(name, temporary);
        assertThat(signIn.location()).endsWith("/password/change");
        assertThat(user.get("/account").location()).endsWith("/password/change");
        Browser.Page form = user.get("/password/change");
        assertThat(form.body()).contains("Current Password").contains("New Password").contains("Confirm Password")
                .contains("autocomplete=\"current-password\"").contains("autocomplete=\"new-password\"");
        assertThat(form.header("Referrer-Policy")).contains("no-referrer");

        Browser.Page done = user.post("/password/change", Map.of("currentPassword", temporary, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Your password has been successfully reset!");
        assertThat(user.get("/account").status()).isEqualTo(200);
        assertThat(Mail.awaitSubject(greenMail, email, "password was changed").text()).contains(name);

        assertThat(browser().signIn(name, NEW_PASSWORD).location()).endsWith("/account");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/login?error");
    }

    @Test
    void forgotPasswordAnswersIdenticallyWhateverWasEntered() {
        String name = unique("enum");
        Account account = createUser(name);
        String locked = unique("enumlocked");
        Account lockedAccount = createUser(locked);
        jdbc.sql("INSERT INTO sign_in_guard (subject, failed_attempts, in_flight, locked_until, consecutive_failures, hard_locked, updated_at) "
                + "VALUES (?, 5, 0, ?, 5, FALSE, ?)").param("a:" + lockedAccount.id())
                .param(java.time.OffsetDateTime.now().plusHours(1)).param(java.time.OffsetDateTime.now()).update();

        List<String> bodies = new ArrayList<>();
        List<Map<String, List<String>>> headers = new ArrayList<>();
        for (String[] input : new String[][] {
                {name, emailOf(name)}, {name, "wrong@example.com"}, {unique("ghost"), "ghost@example.com"},
                {locked, emailOf(locked)}, {"<script>alert(1)</script>", "x@y.z"}}) {
            Browser b = browser();
            b.get("/forgot-password");
            Browser.Page page = b.post("/forgot-password", Map.of("username", input[0], "email", input[1]));
            assertThat(page.status()).isEqualTo(200);
            bodies.add(page.body().replaceAll("name=\"_csrf\" value=\"[^\"]+\"", ""));
            Map<String, List<String>> h = new java.util.TreeMap<>(page.headers().map());
            h.remove("date");
            h.remove("set-cookie");
            headers.add(h);
        }
        assertThat(bodies).allMatch(b -> b.equals(bodies.get(0)));
        assertThat(headers).allMatch(h -> h.equals(headers.get(0)));

        Mail.await(greenMail, emailOf(name), 2);
        assertThat(Mail.awaitSubject(greenMail, emailOf(locked), "locked").text()).contains("locked").doesNotContain("/reset/");
        assertThat(auditCount(lockedAccount.id(), AuditType.RESET_REFUSED_LOCKED, AuditOutcome.REFUSED)).isEqualTo(1);
        assertThat(auditCount(account.id(), AuditType.RESET_LINK_SENT, AuditOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void openingTheLinkChangesNothingAndTheSecondUseIsRefused() {
        String name = unique("once");
        String token = userWithResetLink(name);

        Browser b = browser();
        for (int i = 0; i < 3; i++) {
            assertThat(b.head("/reset/" + token).status()).isEqualTo(200);
            assertThat(b.get("/reset/" + token).body()).contains("Generate temporary password");
        }
        assertThat(b.post("/reset", Map.of("token", token)).body()).contains("Temporary password sent");
        Mail.awaitSubject(greenMail, emailOf(name), "temporary password");

        Browser.Page again = b.post("/reset", Map.of("token", token));
        assertThat(again.body()).contains("invalid or expired").contains("href=\"/forgot-password\"");
        assertThat(b.get("/reset/" + token).body()).contains("invalid or expired");
        sleepForOutbox();
        assertThat(Mail.to(greenMail, emailOf(name))).filteredOn(m -> m.subject().contains("temporary password")).hasSize(1);
    }

    @Test
    void twoConcurrentUsesOfOneLinkIssueOneTemporaryPassword() throws Exception {
        String name = unique("race");
        Account account = createUser(name);
        requestReset(name, emailOf(name));
        String token = resetToken(emailOf(name));
        int n = 8;
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Browser b = browser();
            b.get("/reset/" + token);
            browsers.add(b);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<String>> answers = new ArrayList<>();
        for (Browser b : browsers) {
            answers.add(pool.submit((Callable<String>) () -> b.post("/reset", Map.of("token", token)).body()));
        }
        int sent = 0;
        for (Future<String> f : answers) {
            sent += f.get().contains("Temporary password sent") ? 1 : 0;
        }
        pool.shutdown();
        assertThat(sent).isEqualTo(1);
        assertThat(auditCount(account.id(), AuditType.TEMPORARY_PASSWORD_ISSUED, AuditOutcome.SUCCESS)).isEqualTo(1);
        sleepForOutbox();
        assertThat(Mail.to(greenMail, emailOf(name))).filteredOn(m -> m.subject().contains("temporary password")).hasSize(1);
    }

    @Test
    void aNewerRequestSupersedesTheOlderLink() {
        String name = unique("newer");
        createUser(name);
        requestReset(name, emailOf(name));
        String first = resetToken(emailOf(name));
        requestReset(name, emailOf(name));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> Mail.to(greenMail, emailOf(name)).stream().filter(m -> m.subject().contains("reset link")).count() == 2);
        String second = resetToken(emailOf(name));
        assertThat(second).isNotEqualTo(first);
        Browser b = browser();
        b.get("/reset/" + second);
        assertThat(b.post("/reset", Map.of("token", first)).body()).contains("invalid or expired");
        assertThat(b.post("/reset", Map.of("token", second)).body()).contains("Temporary password sent");
    }

    @Test
    void linksAndTemporaryPasswordsExpire() {
        String name = unique("exp");
        String token = userWithResetLink(name);
        clock.advance(Duration.ofMinutes(61));
        Browser b = browser();
        assertThat(b.get("/reset/" + token).body()).contains("invalid or expired");
        b.get("/login");
        assertThat(b.post("/reset", Map.of("token", token)).body()).contains("invalid or expired");

        clock.reset();
        requestReset(name, emailOf(name));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> Mail.to(greenMail, emailOf(name)).stream().filter(m -> m.subject().contains("reset link")).count() == 2);
        String fresh = resetToken(emailOf(name));
        b.get("/reset/" + fresh);
        b.post("/reset", Map.of("token", fresh));
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);
        clock.advance(Duration.ofMinutes(61));
        assertThat(browser().signIn(name, temporary).location()).endsWith("/login?error");
    }

    @Test
    void theTemporaryPasswordWorksOnceNeverBecomesTheNewPasswordAndTheOldOneKeepsWorking() {
        String name = unique("temp");
        String token = userWithResetLink(name);
        String temporary = temporaryPassword(name, token);

        // A stranger's request cannot lock the owner out: the old password still works.
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");

        Browser user = browser();
        assertThat(user.signIn(name, temporary).location()).endsWith("/password/change");
        user.get("/password/change");
        Browser.Page refused = user.post("/password/change", Map.of("currentPassword", temporary, "newPassword", temporary, "confirmPassword", temporary));
        assertThat(refused.body()).contains("temporary password cannot become your new password").doesNotContain("successfully reset");
        Browser.Page mismatch = user.post("/password/change", Map.of("currentPassword", temporary, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD + "x"));
        assertThat(mismatch.body()).contains("do not match");
        Browser.Page weak = user.post("/password/change", Map.of("currentPassword", temporary, "newPassword", "short", "confirmPassword", "short"));
        assertThat(weak.body()).contains("at least 15 characters");

        // Used once: a second sign-in with it fails.
        assertThat(browser().signIn(name, temporary).location()).endsWith("/login?error");
    }

    @Test
    void changingThePasswordEndsEveryOtherSession() {
        String name = unique("other");
        createUser(name);
        Browser elsewhere = browser();
        elsewhere.signIn(name, PASSWORD);
        assertThat(elsewhere.get("/account").status()).isEqualTo(200);

        Browser here = browser();
        here.signIn(name, PASSWORD);
        String before = here.cookie("SESSION").orElseThrow();
        here.get("/password/change");
        Browser.Page done = here.post("/password/change", Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(done.body()).contains("successfully reset");
        assertThat(here.cookie("SESSION").orElseThrow()).isNotEqualTo(before);
        assertThat(here.get("/account").status()).isEqualTo(200);
        assertThat(elsewhere.get("/account").status()).isIn(302, 303);
    }

    @Test
    void noTokenOrTemporaryPasswordIsLeftInTheDataDirectoryTheDatabaseOrTheLogs(org.springframework.boot.test.system.CapturedOutput output) throws IOException {
        // Everything the portal logs, at the most talkative level, while the flow runs.
        loggingSystem.setLogLevel("org.certportal", org.springframework.boot.logging.LogLevel.DEBUG);
        loggingSystem.setLogLevel("certportal", org.springframework.boot.logging.LogLevel.DEBUG);
        // named too: an in-process command line run (CommandLineIT) may have set it on the JVM's logging
        loggingSystem.setLogLevel("certportal.audit", org.springframework.boot.logging.LogLevel.DEBUG);
        loggingSystem.setLogLevel("org.springframework.security", org.springframework.boot.logging.LogLevel.DEBUG);
        loggingSystem.setLogLevel("org.springframework.web", org.springframework.boot.logging.LogLevel.DEBUG);
        try {
            restAndLogs(output);
        } finally {
            loggingSystem.setLogLevel("org.certportal", null);
            loggingSystem.setLogLevel("certportal", org.springframework.boot.logging.LogLevel.ERROR);
            loggingSystem.setLogLevel("certportal.audit", org.springframework.boot.logging.LogLevel.ERROR);
            loggingSystem.setLogLevel("org.springframework.security", null);
            loggingSystem.setLogLevel("org.springframework.web", null);
        }
    }

    private void restAndLogs(org.springframework.boot.test.system.CapturedOutput output) throws IOException {
        String name = unique("rest");
        String token = userWithResetLink(name);
        String temporary = temporaryPassword(name, token);
        sleepForOutbox();

        List<String> rows = new ArrayList<>();
        for (String table : List.of("reset_token", "temporary_password", "outbox", "audit_event", "recovery_request")) {
            jdbc.sql("SELECT * FROM " + table).query((rs, i) -> {
                StringBuilder sb = new StringBuilder();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    Object v = rs.getObject(c);
                    sb.append(v instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) : String.valueOf(v)).append('|');
                }
                return sb.toString();
            }).list().forEach(rows::add);
        }
        assertThat(rows).noneMatch(r -> r.contains(token)).noneMatch(r -> r.contains(temporary));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE status = 'SENT' AND payload IS NOT NULL").query(Long.class).single()).isZero();
        try (Stream<Path> files = Files.walk(portal.dataDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(token).doesNotContain(temporary);
            }
        }
        Browser user = browser();
        user.signIn(name, temporary);
        user.get("/password/change");
        user.post("/password/change", Map.of("currentPassword", temporary, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(output.getAll()).contains("SIGN_IN").doesNotContain(token).doesNotContain(temporary).doesNotContain(NEW_PASSWORD).doesNotContain(PASSWORD);
    }

    @Test
    void linksUseTheConfiguredBaseUrlNeverTheHostHeader() {
        String name = unique("host");
        createUser(name);
        // A raw socket, because java.net.http refuses to set Host. Both the page and the POST name another
        // host, in Host and in the headers a proxy passes on.
        RawHttp raw = RawHttp.loopback(port);
        Map<String, String> evil = Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https",
                "Forwarded", "host=evil.example;proto=https");
        RawHttp.Response form = raw.get("/forgot-password", evil);
        String session = form.cookie("SESSION").orElseThrow();
        Map<String, String> withSession = new java.util.HashMap<>(evil);
        withSession.put("Cookie", "SESSION=" + session);
        RawHttp.Response sent = raw.post("/forgot-password", withSession,
                Browser.encode(Map.of("username", name, "email", emailOf(name), "_csrf", form.csrf().orElseThrow())));
        assertThat(sent.status()).isLessThan(400);
        Mail.Received resetMail = Mail.awaitSubject(greenMail, emailOf(name), "reset link");
        String link = resetMail.find(Mail.RESET_LINK);
        assertThat(link).startsWith(portal.origin() + "/reset/");
        for (Mail.Received mail : Mail.to(greenMail, emailOf(name))) {
            assertThat(mail.text() + mail.html()).as(mail.subject()).doesNotContain("evil.example");
        }
    }

    /** A reset request as another node left it: claimed with a lease until {@code leaseUntil}, never completed. */
    private long requestClaimedByAnotherNode(String name, String claimedBy, java.time.Instant leaseUntil) {
        jdbc.sql("INSERT INTO recovery_request (kind, username, email, client_address, locale, requested_at, claimed_by, lease_until, attempts) "
                        + "VALUES (?,?,?,?,?,?,?,?,1)")
                .param(RecoveryRequests.RESET).param(name).param(emailOf(name)).param("192.0.2.7").param("en")
                .param(org.certportal.platform.Timestamps.db(clock.instant())).param(claimedBy)
                .param(org.certportal.platform.Timestamps.db(leaseUntil)).update();
        return jdbc.sql("SELECT MAX(id) FROM recovery_request WHERE username = ?").param(name).query(Long.class).single();
    }

    private boolean isProcessed(long requestId) {
        return jdbc.sql("SELECT processed_at FROM recovery_request WHERE id = ?").param(requestId)
                .query(java.time.OffsetDateTime.class).optional().isPresent();
    }

    @Test
    void aRequestClaimedByANodeThatDiedIsTakenOverWhenItsLeaseEndsAndNotBefore() {
        String name = unique("lease");
        Account account = createUser(name);
        long request = requestClaimedByAnotherNode(name, "dead-node/1:1", clock.instant().plus(recoveryProperties.lease()));

        // A later request that nobody holds: once its link is out, the worker has been past the
        // held one (it takes requests oldest first), and must have left it alone.
        String witness = unique("witness");
        createUser(witness);
        requestReset(witness, emailOf(witness));
        resetToken(emailOf(witness));
        assertThat(isProcessed(request)).as("taken while the dead node's lease holds").isFalse();
        assertThat(Mail.to(greenMail, emailOf(name))).isEmpty();

        clock.advance(recoveryProperties.lease().plusSeconds(1));
        List<Mail.Received> two = Mail.await(greenMail, emailOf(name), 2);
        assertThat(two).extracting(Mail.Received::subject).containsExactlyInAnyOrder(
                "A password reset was requested for your account", "Your password reset link");
        assertThat(isProcessed(request)).isTrue();
        assertThat(jdbc.sql("SELECT claimed_by FROM recovery_request WHERE id = ?").param(request).query(String.class).single())
                .isNotEqualTo("dead-node/1:1");
        assertThat(auditCount(account.id(), AuditType.RESET_LINK_SENT, AuditOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void aNodeWhoseLeaseWasTakenOverCannotQueueTheEmailsASecondTime() {
        String name = unique("slow");
        Account account = createUser(name);
        long request = requestClaimedByAnotherNode(name, "slow-node/1:1", clock.instant().plus(recoveryProperties.lease()));
        clock.advance(recoveryProperties.lease().plusSeconds(1));
        Mail.await(greenMail, emailOf(name), 2);
        assertThat(isProcessed(request)).isTrue();

        // The slow node wakes up and finishes its own attempt with the claim it had.
        boolean done = worker.process(new RecoveryRequests.Request(request, RecoveryRequests.RESET, name, emailOf(name), "192.0.2.7", "en", 1),
                new RecoveryRequests.Claim(request, "slow-node/1:1"));
        assertThat(done).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE recipient = ?").param(emailOf(name)).query(Long.class).single()).isEqualTo(2);
        assertThat(auditCount(account.id(), AuditType.RESET_LINK_SENT, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reset_token WHERE account_id = ?").param(account.id()).query(Long.class).single()).isEqualTo(1);
    }

    private static void sleepForOutbox() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
