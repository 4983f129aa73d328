package org.certportal.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.SecondFactorSteps;
import org.certportal.testing.SecondFactorSteps.Enrolled;
import org.junit.jupiter.api.Test;

/** Authenticator apps and recovery codes over HTTP, on H2 and PostgreSQL. */
class SecondFactorIT extends IntegrationTest {

    private Enrolled enrolledUser(String name) {
        createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        return SecondFactorSteps.enroll(b, clock);
    }

    /** The next step's code: the step that confirmed the app (or was used last) is spent. */
    private String nextCode(Enrolled e) {
        clock.advance(Duration.ofSeconds(30));
        return e.app().code(clock.instant());
    }

    private Browser passwordOnly(String name) {
        Browser b = browser();
        Browser.Page answer = b.signIn(name, PASSWORD);
        assertThat(answer.location()).endsWith("/login/second-factor");
        return b;
    }

    private Browser.Page secondStep(Browser b, String code) {
        b.get("/login/second-factor");
        return b.post("/login/second-factor", Map.of("code", code));
    }

    @Test
    void enrollingShowsTheSecretItsUriAndQrCodeAndTheAppCountsOnlyAfterOneRightCode() {
        String name = unique("totp");
        Account account = createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        assertThat(b.get("/account/security").body()).contains("action=\"/account/security/totp\"");
        Browser.Page setup = b.post("/account/security/totp", Map.of());
        assertThat(setup.status()).isEqualTo(200);
        assertThat(setup.body()).containsPattern("data-totp-secret=\"[A-Z2-7]{32}\"").contains("otpauth://totp/")
                .contains("secret=").contains("issuer=").contains("src=\"data:image/svg+xml;base64,").contains("action=\"/account/security/totp/confirm\"")
                .contains("name=\"code\"");
        assertThat(setup.header("Content-Security-Policy").orElseThrow()).contains("img-src 'self' data:").doesNotContain("unsafe-inline");
        assertThat(setup.header("Cache-Control").orElse("")).contains("no-store");
        String secret = setup.body().replaceAll("(?s).*data-totp-secret=\"([A-Z2-7]+)\".*", "$1");

        Browser.Page wrong = b.post("/account/security/totp/confirm", Map.of("code", "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("not correct");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM second_factor WHERE account_id = ?").param(account.id()).query(Long.class).single()).isZero();
        assertThat(b.signIn(name, PASSWORD).location()).as("an unconfirmed app does not count").endsWith("/account");

        b = browser();
        b.signIn(name, PASSWORD);
        Enrolled enrolled = SecondFactorSteps.enroll(b, clock);
        assertThat(enrolled.confirmation().status()).isEqualTo(200);
        assertThat(enrolled.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
        assertThat(enrolled.recoveryCodes()).allMatch(c -> c.matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"));
        byte[] stored = jdbc.sql("SELECT secret_encrypted FROM second_factor WHERE account_id = ?").param(account.id()).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(enrolled.secret());
        assertThat(stored).hasSizeGreaterThan(20 + 12);
        List<String> hashes = jdbc.sql("SELECT code_hash FROM recovery_code WHERE account_id = ?").param(account.id()).query(String.class).list();
        assertThat(hashes).hasSize(10).noneMatch(h -> enrolled.recoveryCodes().stream().anyMatch(c -> h.contains(c.replace("-", ""))));
        assertThat(secret).isNotEqualTo(enrolled.secret());
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "second factor was added").text()).contains("Phone").doesNotContain(enrolled.secret());
        Browser.Page list = b.get("/account/security");
        assertThat(list.body()).contains("Authenticator app").contains("Phone").contains("Unused recovery codes: 10");
    }

    @Test
    void signInAsksForTheCodeAcceptsItOnceAndRenewsTheSession() {
        String name = unique("code");
        Enrolled e = enrolledUser(name);
        String code = nextCode(e);

        Browser b = passwordOnly(name);
        for (String page : new String[] {"/account", "/password/change", "/account/security", "/console", "/"}) {
            Browser.Page p = b.get(page);
            assertThat(p.location()).as(page + " before the second step").endsWith("/login/second-factor");
        }
        Browser.Page form = b.get("/login/second-factor");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"code\"").contains("autocomplete=\"one-time-code\"");
        String before = b.cookie("SESSION").orElseThrow();
        Browser.Page ok = b.post("/login/second-factor", Map.of("code", code));
        assertThat(ok.location()).endsWith("/account");
        assertThat(b.cookie("SESSION").orElseThrow()).isNotEqualTo(before);
        assertThat(b.get("/account").status()).isEqualTo(200);

        Browser replay = passwordOnly(name);
        assertThat(secondStep(replay, code).location()).as("the same code on another session").endsWith("/login/second-factor?error");
        assertThat(replay.get("/account").location()).endsWith("/login/second-factor");
        assertThat(secondStep(replay, nextCode(e)).location()).endsWith("/account");
        long account = accounts.findByUsername(name).orElseThrow().id();
        assertThat(auditCount(account, AuditType.SECOND_FACTOR, AuditOutcome.SUCCESS)).isEqualTo(2);
        assertThat(auditCount(account, AuditType.SECOND_FACTOR, AuditOutcome.FAILURE)).isEqualTo(1);
    }

    @Test
    void aCodeTwoStepsOldOrAheadIsRefused() {
        String name = unique("drift");
        Enrolled e = enrolledUser(name);
        clock.advance(Duration.ofSeconds(120));
        String old = e.app().code(clock.instant().minusSeconds(60));
        String ahead = e.app().code(clock.instant().plusSeconds(60));
        Browser b = passwordOnly(name);
        assertThat(secondStep(b, old).location()).endsWith("?error");
        assertThat(secondStep(b, ahead).location()).endsWith("?error");
        assertThat(secondStep(b, e.app().code(clock.instant().minusSeconds(30))).location()).as("one step behind").endsWith("/account");
    }

    @Test
    void theSavedRequestIsHonouredAfterTheSecondStep() {
        String name = unique("saved");
        Enrolled e = enrolledUser(name);
        Browser b = browser();
        b.get("/account/security");
        Browser.Page answer = b.signIn(name, PASSWORD);
        assertThat(answer.location()).endsWith("/login/second-factor");
        assertThat(secondStep(b, nextCode(e)).location()).contains("/account/security");
    }

    @Test
    void wrongCodesCountInTheSameGuardAsWrongPasswords() {
        String name = unique("mixed");
        Enrolled e = enrolledUser(name);
        Browser b = passwordOnly(name);
        for (int i = 0; i < 3; i++) {
            assertThat(secondStep(b, "00000" + i).location()).endsWith("/login/second-factor?error");
        }
        assertThat(browser().signIn(name, "not the password 1").location()).endsWith("/login?error");
        assertThat(browser().signIn(name, "not the password 2").location()).as("3 wrong codes + 2 wrong passwords = 5").endsWith("/login?error&locked");
        Browser.Page refused = secondStep(b, nextCode(e));
        assertThat(refused.location()).as("even a right code, once locked").endsWith("/login?error&locked");
        assertThat(b.follow(refused).body()).contains("locked");
        assertThat(b.get("/account").location()).as("the half-signed-in session ended").endsWith("/login");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/login?error&locked");
        Mail.awaitSubject(greenMail, emailOf(name), "locked");
    }

    @Test
    void theFifthWrongCodeLocksTheAccount() {
        String name = unique("five");
        enrolledUser(name);
        Browser b = passwordOnly(name);
        for (int i = 0; i < 4; i++) {
            assertThat(secondStep(b, "00000" + i).location()).endsWith("/login/second-factor?error");
        }
        assertThat(secondStep(b, "000009").location()).endsWith("/login?error&locked");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/login?error&locked");
    }

    @Test
    void aBurstOfParallelWrongCodesGetsAtMostMaxFailuresChecks() throws Exception {
        String name = unique("burst");
        enrolledUser(name);
        long id = accounts.findByUsername(name).orElseThrow().id();
        // Twelve sessions past the password (each right password resets the count, so all are made
        // first), then one wrong code from each at once: one request per session, since parallel
        // requests of one session race in Spring Session's attribute table, not in the guard.
        List<Browser> sessions = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Browser b = passwordOnly(name);
            tokens.add(b.get("/login/second-factor").csrf().orElseThrow());
            sessions.add(b);
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Browser.Page>> answers = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                Browser b = sessions.get(i);
                String code = String.format("%06d", 100000 + i);
                String csrf = tokens.get(i);
                answers.add(pool.submit(() -> b.post("/login/second-factor", Map.of("code", code, "_csrf", csrf))));
            }
            for (Future<Browser.Page> f : answers) {
                assertThat(f.get().location()).matches(".*/login(/second-factor)?\\?error(&locked)?");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(auditCount(id, AuditType.SECOND_FACTOR, AuditOutcome.FAILURE)).as("codes checked").isLessThanOrEqualTo(5);
        assertThat(auditCount(id, AuditType.SECOND_FACTOR, AuditOutcome.LOCKED)).as("refused without a check").isGreaterThanOrEqualTo(7);
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/login?error&locked");
    }

    @Test
    void aRecoveryCodeWorksOnceAndTheOwnerIsToldHowManyRemain() {
        String name = unique("rc");
        Enrolled e = enrolledUser(name);
        String code = e.recoveryCodes().get(3);
        Browser b = passwordOnly(name);
        assertThat(secondStep(b, code.toLowerCase()).location()).as("typed in lower case").endsWith("/account");
        Mail.Received used = Mail.awaitSubject(greenMail, emailOf(name), "recovery code was used");
        assertThat(used.text()).contains("Recovery codes left: 9").doesNotContain(code);

        Browser again = passwordOnly(name);
        assertThat(secondStep(again, code).location()).endsWith("/login/second-factor?error");
        assertThat(secondStep(again, e.recoveryCodes().get(4)).location()).endsWith("/account");
        assertThat(again.get("/account/security").body()).contains("Unused recovery codes: 8");

        Browser.Page fresh = again.post("/account/security/recovery-codes", Map.of());
        List<String> renewed = SecondFactorSteps.recoveryCodes(fresh.body());
        assertThat(renewed).hasSize(10);
        Browser third = passwordOnly(name);
        assertThat(secondStep(third, e.recoveryCodes().get(5)).location()).as("an old code after a new set").endsWith("?error");
        assertThat(secondStep(third, renewed.get(0)).location()).endsWith("/account");
    }

    @Test
    void aSignInWithTheEmailedTemporaryPasswordAsksForTheFactorBeforeThePasswordChange() {
        String name = unique("tmp");
        Enrolled e = enrolledUser(name);
        Browser asker = browser();
        asker.submit("/forgot-password", "/forgot-password", Map.of("username", name, "email", emailOf(name)));
        String link = Mail.awaitSubject(greenMail, emailOf(name), "reset link").find(Mail.RESET_LINK);
        String token = link.substring(link.lastIndexOf('/') + 1);
        asker.get("/reset/" + token);
        asker.post("/reset", Map.of("token", token));
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);

        Browser b = browser();
        Browser.Page answer = b.signIn(name, temporary);
        assertThat(answer.location()).endsWith("/login/second-factor");
        assertThat(b.get("/password/change").location()).as("no change before the factor").endsWith("/login/second-factor");
        Browser.Page passed = secondStep(b, nextCode(e));
        assertThat(passed.location()).endsWith("/password/change");
        assertThat(b.get("/account").location()).endsWith("/password/change");
        Browser.Page form = b.get("/password/change");
        assertThat(form.status()).isEqualTo(200);
        String next = "quiet lantern orchard " + name;
        Browser.Page changed = b.post("/password/change", Map.of("currentPassword", temporary, "newPassword", next, "confirmPassword", next));
        assertThat(changed.body()).contains("Your password has been successfully reset!");
        assertThat(b.get("/account").status()).isEqualTo(200);
        assertThat(browser().signIn(name, next).location()).as("the new password still asks for the factor").endsWith("/login/second-factor");
    }

    @Test
    void removingAFactorAsksForAFreshCodeAndEmailsTheOwner() {
        String name = unique("rm");
        createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        Enrolled e = SecondFactorSteps.enroll(b, clock);
        long id = jdbc.sql("SELECT id FROM second_factor WHERE account_id = ?").param(accounts.findByUsername(name).orElseThrow().id())
                .query(Long.class).single();
        b.get("/account/security");
        Browser.Page wrong = b.post("/account/security/factors/" + id + "/remove", Map.of("code", "123456"));
        assertThat(wrong.location()).endsWith("/account/security");
        assertThat(b.follow(wrong).body()).contains("not correct");
        Browser.Page removed = b.post("/account/security/factors/" + id + "/remove", Map.of("code", nextCode(e)));
        assertThat(removed.location()).endsWith("/account/security");
        assertThat(b.follow(removed).body()).contains("The second factor was removed").contains("Unused recovery codes: 0");
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "second factor was removed").text()).contains("Phone");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
        assertThat(b.post("/account/security/factors/999999999/remove", Map.of("code", "123456")).status()).isEqualTo(404);
        assertThat(b.post("/account/security/factors/abc/remove", Map.of("code", "123456")).status()).isEqualTo(400);
    }

    @Test
    void badInputGetsAClearFourHundredNeverAFiveHundred() {
        String name = unique("bad");
        Enrolled e = enrolledUser(name);
        Browser b = passwordOnly(name);
        b.get("/login/second-factor");
        Browser.Page tooLong = b.post("/login/second-factor", Map.of("code", "9".repeat(100)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("too long");
        b.get("/login/second-factor");
        Browser.Page huge = b.post("/login/second-factor", Map.of("code", "9".repeat(50_000)));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.body()).doesNotContain("Exception");
        b.get("/login/second-factor");
        assertThat(b.post("/login/second-factor", Map.of("code", "<script>\u0007")).status()).isIn(302, 303, 400);
        Browser fresh = browser();
        fresh.signIn(unique("nobody"), "x");
        assertThat(fresh.get("/login/second-factor").location()).as("nobody half-signed-in").endsWith("/login");
        Browser enrolling = browser();
        enrolling.signIn(name, PASSWORD);
        secondStep(enrolling, nextCode(e));
        enrolling.get("/account/security");
        Browser.Page noSetup = enrolling.post("/account/security/totp/confirm", Map.of("code", "123456"));
        assertThat(noSetup.location()).as("a confirm without a setup").endsWith("/account/security");
        enrolling.post("/account/security/totp", Map.of());
        assertThat(enrolling.post("/account/security/totp/confirm", Map.of("code", "1", "name", "x".repeat(65))).status()).isEqualTo(400);
    }

    @Test
    void theSecondStepExpiresTenMinutesAfterThePassword() {
        String name = unique("slow");
        Enrolled e = enrolledUser(name);
        Browser b = passwordOnly(name);
        b.get("/login/second-factor");
        clock.advance(Duration.ofMinutes(11));
        Browser.Page late = b.post("/login/second-factor", Map.of("code", e.app().code(clock.instant())));
        assertThat(late.location()).endsWith("/login?expired");
        assertThat(b.get("/account").location()).endsWith("/login");
    }

    @Test
    void supportRemovesEveryFactorOfAUserAccountWithItsOwnFactorAuditedAndEmailed() {
        String owner = unique("own");
        Enrolled e = enrolledUser(owner);
        Browser ownerSession = browser();
        ownerSession.signIn(owner, PASSWORD);
        secondStep(ownerSession, nextCode(e));
        String agent = unique("agent");
        createUser(agent, Role.SUPPORT);
        Browser console = browser();
        console.signIn(agent, PASSWORD);
        Browser.Page page = console.get("/console/accounts/" + owner);
        assertThat(page.body()).contains("Authenticator app").contains("Phone").contains("id=\"remove-second-factors\"").doesNotContain(e.secret());
        assertThat(console.post("/console/accounts/" + owner + "/second-factors/remove", Map.of()).status())
                .as("an agent without a second factor of its own").isEqualTo(403);

        Enrolled agents = SecondFactorSteps.enroll(console, clock);
        assertThat(agents.recoveryCodes()).hasSize(10);
        console.get("/console/accounts/" + owner);
        Browser.Page done = console.post("/console/accounts/" + owner + "/second-factors/remove", Map.of());
        assertThat(done.location()).endsWith("/console/accounts/" + owner);
        long id = accounts.findByUsername(owner).orElseThrow().id();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM second_factor WHERE account_id = ?").param(id).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM recovery_code WHERE account_id = ?").param(id).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT actor FROM audit_event WHERE account_id = ? AND type = ?").param(id).param(AuditType.SECOND_FACTOR_REMOVED.name())
                .query(String.class).list()).containsExactly(agent);
        assertThat(Mail.awaitSubject(greenMail, emailOf(owner), "second factor was removed").text()).contains("Support removed every second factor");
        assertThat(ownerSession.get("/account").location()).as("the owner's sessions ended").endsWith("/login");
        assertThat(browser().signIn(owner, PASSWORD).location()).endsWith("/account");

        String admin = unique("adm");
        Enrolled adminFactor = enrolledUser(admin);
        jdbc.sql("UPDATE account SET role = 'ADMIN' WHERE id = ?").param(accounts.findByUsername(admin).orElseThrow().id()).update();
        console.get("/console/accounts/" + admin);
        assertThat(console.post("/console/accounts/" + admin + "/second-factors/remove", Map.of()).status())
                .as("SUPPORT on an ADMIN account").isEqualTo(403);
        assertThat(adminFactor.recoveryCodes()).hasSize(10);
    }
}
