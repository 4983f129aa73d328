package org.certportal.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certportal.account.Role;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.SecondFactorSteps;
import org.certportal.testing.SoftPasskey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Passkeys through Spring Security's WebAuthn endpoints over HTTP, with a software authenticator
 * ({@link SoftPasskey}), on H2 and PostgreSQL: registration from /account/security, sign-in without a
 * password under the same rules as a password, the second step, removal and support's removal.
 */
class PasskeyIT extends IntegrationTest {

    @Autowired
    UserCredentialRepository credentials;
    @Autowired
    PublicKeyCredentialUserEntityRepository userEntities;

    private String origin() {
        return "http://localhost:" + port;
    }

    /** Registers a passkey from a signed-in browser's /account/security; returns the answer of POST /webauthn/register. */
    private Browser.Page register(Browser b, SoftPasskey key, String label) {
        b.get("/account/security");
        Browser.Page options = b.postJson("/webauthn/register/options", "");
        assertThat(options.status()).isEqualTo(200);
        return b.postJson("/webauthn/register", key.registration(options.body(), label));
    }

    private SoftPasskey userWithPasskey(String name) {
        createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        SoftPasskey key = new SoftPasskey(origin());
        assertThat(register(b, key, "Laptop").status()).isEqualTo(200);
        return key;
    }

    /** A passkey sign-in from /login: the answer of POST /login/webauthn. */
    private Browser.Page passkeySignIn(Browser b, SoftPasskey key) {
        b.get("/login");
        Browser.Page options = b.postJson("/webauthn/authenticate/options", "");
        assertThat(options.status()).isEqualTo(200);
        return b.postJson("/login/webauthn", key.assertion(options.body()));
    }

    @Test
    void aPasskeyAddedFromTheSecurityPageIsStoredListedMailedAndTheFirstBringsRecoveryCodes() {
        String name = unique("pk");
        createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        String before = b.cookie("SESSION").orElseThrow();
        b.get("/account/security");
        Browser.Page options = b.postJson("/webauthn/register/options", "");
        assertThat(options.body()).as("discoverable, user verification required, the base URL's host as rpId")
                .contains("\"residentKey\":\"required\"").contains("\"userVerification\":\"required\"").contains("\"id\":\"localhost\"");
        SoftPasskey key = new SoftPasskey(origin());
        Browser.Page registered = b.postJson("/webauthn/register", key.registration(options.body(), "Work laptop"));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.body()).contains("\"success\":true");
        assertThat(b.cookie("SESSION").orElseThrow()).as("a new factor renews the session id").isNotEqualTo(before);

        long id = accounts.findByUsername(name).orElseThrow().id();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id WHERE e.name = ?")
                .param(name).query(Long.class).single()).isEqualTo(1);
        Browser.Page codes = b.post("/account/security/passkey/added", Map.of());
        assertThat(codes.status()).isEqualTo(200);
        assertThat(SecondFactorSteps.recoveryCodes(codes.body())).as("the first factor brings recovery codes").hasSize(10);
        assertThat(codes.body()).contains("The passkey was added");
        assertThat(b.post("/account/security/passkey/added", Map.of()).location()).as("shown once").endsWith("/account/security");

        Browser.Page page = b.get("/account/security");
        assertThat(page.body()).contains("Passkey").contains("Work laptop").contains("Unused recovery codes: 10");
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "second factor was added").text())
                .as("the email names a passkey as a passkey, not as an authenticator app")
                .contains("the passkey \"Work laptop\"").contains("sign in with this passkey").doesNotContain("authenticator app");
        assertThat(auditCount(id, AuditType.SECOND_FACTOR_ADDED, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(browser().signIn(name, PASSWORD).location()).as("the password now asks for the second factor").endsWith("/login/second-factor");

        SoftPasskey second = new SoftPasskey(origin());
        assertThat(register(b, second, "Phone").status()).isEqualTo(200);
        assertThat(b.post("/account/security/passkey/added", Map.of()).location()).as("no new codes for a second factor").endsWith("/account/security");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM recovery_code WHERE account_id = ? AND used_at IS NULL").param(id).query(Long.class).single()).isEqualTo(10);
    }

    @Test
    void aPasskeyWithoutUserVerificationOrABadNameIsRefusedWithAFourHundred() {
        String name = unique("uv");
        createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        assertThat(register(b, new SoftPasskey(origin()).withoutUserVerification(), "No PIN").status()).isEqualTo(400);
        assertThat(register(b, new SoftPasskey(origin()), "x".repeat(65)).status()).isEqualTo(400);
        assertThat(register(b, new SoftPasskey("http://evil.example:" + port), "Elsewhere").status()).as("another origin").isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id WHERE e.name = ?")
                .param(name).query(Long.class).single()).as("nothing stored from the refused ones").isZero();
        SoftPasskey kept = new SoftPasskey(origin());
        assertThat(register(b, kept, "Kept").status()).isEqualTo(200);
        b.get("/account/security");
        assertThat(b.delete("/webauthn/register/" + kept.credentialId()).status())
                .as("Spring's delete endpoint stays refused: removal asks for a fresh factor").isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_credentials WHERE credential_id = ?").param(kept.credentialId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aPasskeySignsInWithoutAPasswordRenewsTheSessionAndIsAudited() {
        String name = unique("pkin");
        SoftPasskey key = userWithPasskey(name);
        Browser b = browser();
        b.get("/login");
        String before = b.cookie("SESSION").orElseThrow();
        Browser.Page answer = passkeySignIn(b, key);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"authenticated\":true").contains("\"redirectUrl\":\"/account\"");
        assertThat(b.cookie("SESSION").orElseThrow()).isNotEqualTo(before);
        Browser.Page account = b.get("/account");
        assertThat(account.status()).as("a user-verified passkey satisfies the second-factor rule on its own").isEqualTo(200);
        assertThat(b.get("/account/security").status()).isEqualTo(200);
        long id = accounts.findByUsername(name).orElseThrow().id();
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE account_id = ? AND type = ? AND outcome = ? ORDER BY id DESC")
                .param(id).param(AuditType.SIGN_IN.name()).param(AuditOutcome.SUCCESS.name()).query(String.class).list().get(0)).startsWith("with a passkey");
        assertThat(jdbc.sql("SELECT last_used FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id WHERE e.name = ?")
                .param(name).query(java.sql.Timestamp.class).single()).as("last used is recorded").isNotNull();

        Browser replay = browser();
        replay.get("/login");
        Browser.Page noOptions = replay.postJson("/login/webauthn", key.assertion("{\"challenge\":\"AAAA\"}"));
        assertThat(noOptions.status()).as("no challenge asked in this session").isEqualTo(401);
        assertThat(noOptions.body()).contains("\"redirectUrl\":\"/login?error\"");
    }

    @Test
    void aDisabledOrLockedAccountCannotFinishAPasskeySignIn() {
        String name = unique("pkoff");
        SoftPasskey key = userWithPasskey(name);
        long id = accounts.findByUsername(name).orElseThrow().id();
        jdbc.sql("UPDATE account SET status = 'DISABLED' WHERE id = ?").param(id).update();
        Browser disabled = browser();
        Browser.Page refused = passkeySignIn(disabled, key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).as("the same answer as a wrong password").contains("\"redirectUrl\":\"/login?error\"");
        assertThat(disabled.get("/account").location()).endsWith("/login");
        assertThat(disabled.get("/login?error").body()).as("no word of the account's state").doesNotContain("locked-message");

        jdbc.sql("UPDATE account SET status = 'ACTIVE' WHERE id = ?").param(id).update();
        for (int i = 0; i < 5; i++) {
            browser().signIn(name, "wrong password number " + i);
        }
        Browser locked = browser();
        Browser.Page lockedAnswer = passkeySignIn(locked, key);
        assertThat(lockedAnswer.status()).isEqualTo(401);
        assertThat(lockedAnswer.body()).contains("\"redirectUrl\":\"/login?error&locked\"");
        assertThat(locked.get("/login?error&locked").body()).contains("locked");
        assertThat(locked.get("/account").location()).endsWith("/login");
        assertThat(auditCount(id, AuditType.SIGN_IN, AuditOutcome.LOCKED)).isPositive();
    }

    @Test
    void aPasskeyIsTheSecondFactorOnlyForItsOwnAccount() {
        String owner = unique("pk2");
        SoftPasskey own = userWithPasskey(owner);
        SoftPasskey stranger = userWithPasskey(unique("pk3"));

        Browser b = browser();
        assertThat(b.signIn(owner, PASSWORD).location()).endsWith("/login/second-factor");
        Browser.Page step = b.get("/login/second-factor");
        assertThat(step.body()).contains("id=\"passkey-step-form\"").contains("Passkeys need JavaScript");
        Browser.Page options = b.postJson("/webauthn/authenticate/options", "");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.body()).as("only the account's own passkeys are offered").contains(own.credentialId()).doesNotContain(stranger.credentialId());
        Browser.Page wrong = b.postJson("/login/webauthn", stranger.assertion(options.body()));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"redirectUrl\":\"/login/second-factor?error\"");
        long id = accounts.findByUsername(owner).orElseThrow().id();
        assertThat(auditCount(id, AuditType.SECOND_FACTOR, AuditOutcome.FAILURE)).as("counted as a wrong code").isEqualTo(1);
        assertThat(b.get("/account").location()).endsWith("/login/second-factor");

        options = b.postJson("/webauthn/authenticate/options", "");
        Browser.Page right = b.postJson("/login/webauthn", own.assertion(options.body()));
        assertThat(right.status()).isEqualTo(200);
        assertThat(right.body()).contains("\"redirectUrl\":\"/account\"");
        assertThat(b.get("/account").status()).isEqualTo(200);
        assertThat(auditCount(id, AuditType.SECOND_FACTOR, AuditOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void aPasskeyAsTheSecondStepMustComeWithinTenMinutesOfThePasswordAndItsChallengeWithinFive() {
        String name = unique("pklate");
        SoftPasskey key = userWithPasskey(name);
        Browser b = browser();
        assertThat(b.signIn(name, PASSWORD).location()).endsWith("/login/second-factor");
        b.get("/login/second-factor");
        Browser.Page stale = b.postJson("/webauthn/authenticate/options", "");
        clock.advance(java.time.Duration.ofMinutes(6));
        Browser.Page expiredChallenge = b.postJson("/login/webauthn", key.assertion(stale.body()));
        assertThat(expiredChallenge.body()).as("a challenge older than its 5-minute timeout").contains("\"redirectUrl\":\"/login/second-factor?error\"");
        clock.advance(java.time.Duration.ofMinutes(5));
        Browser.Page options = b.postJson("/webauthn/authenticate/options", "");
        Browser.Page late = b.postJson("/login/webauthn", key.assertion(options.body()));
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.body()).contains("\"redirectUrl\":\"/login?expired\"");
        assertThat(b.get("/account").location()).endsWith("/login");
    }

    @Test
    void aSessionWaitingForTheSecondStepIsListedToTheOwnerWhoCanEndIt() {
        String name = unique("pkwait");
        SoftPasskey key = userWithPasskey(name);
        Browser owner = browser();
        assertThat(passkeySignIn(owner, key).status()).isEqualTo(200);
        Browser stranger = browser();
        assertThat(stranger.signIn(name, PASSWORD).location()).endsWith("/login/second-factor");

        Browser.Page account = owner.get("/account");
        assertThat(account.body()).contains("waiting for the second step");
        java.util.regex.Matcher handle = java.util.regex.Pattern.compile("name=\"session\" value=\"([^\"]+)\"").matcher(account.body());
        assertThat(handle.find()).isTrue();
        assertThat(owner.post("/account/sessions/end", Map.of("session", handle.group(1))).location()).contains("/account");
        assertThat(stranger.get("/login/second-factor").location()).as("the waiting session has ended").endsWith("/login");
        assertThat(owner.get("/account").body()).doesNotContain("waiting for the second step");
    }

    @Test
    void theEmailedTemporaryPasswordCanBeFollowedByAPasskeyBeforeThePasswordChange() {
        String name = unique("pktmp");
        SoftPasskey key = userWithPasskey(name);
        Browser asker = browser();
        asker.submit("/forgot-password", "/forgot-password", Map.of("username", name, "email", emailOf(name)));
        String link = Mail.awaitSubject(greenMail, emailOf(name), "reset link").find(Mail.RESET_LINK);
        String token = link.substring(link.lastIndexOf('/') + 1);
        asker.get("/reset/" + token);
        asker.post("/reset", Map.of("token", token));
        String temporary = Mail.awaitSubject(greenMail, emailOf(name), "temporary password").find(Mail.TEMPORARY_PASSWORD);

        Browser b = browser();
        assertThat(b.signIn(name, temporary).location()).endsWith("/login/second-factor");
        b.get("/login/second-factor");
        Browser.Page options = b.postJson("/webauthn/authenticate/options", "");
        Browser.Page passed = b.postJson("/login/webauthn", key.assertion(options.body()));
        assertThat(passed.body()).contains("\"redirectUrl\":\"/password/change\"");
        assertThat(b.get("/account").location()).endsWith("/password/change");
        assertThat(b.get("/password/change").status()).isEqualTo(200);
    }

    @Test
    void removingAPasskeyAsksForAFreshFactorAndEmailsTheOwner() {
        String name = unique("pkrm");
        createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        SoftPasskey key = new SoftPasskey(origin());
        register(b, key, "Old key");
        List<String> codes = SecondFactorSteps.recoveryCodes(b.post("/account/security/passkey/added", Map.of()).body());
        b.get("/account/security");
        Browser.Page wrong = b.post("/account/security/passkeys/remove", Map.of("credentialId", key.credentialId(), "code", "123456"));
        assertThat(wrong.location()).endsWith("/account/security");
        assertThat(b.follow(wrong).body()).contains("not correct").contains("Old key");
        assertThat(b.post("/account/security/passkeys/remove", Map.of("credentialId", "nope", "code", codes.get(0))).status()).isEqualTo(404);
        Browser.Page removed = b.post("/account/security/passkeys/remove", Map.of("credentialId", key.credentialId(), "code", codes.get(0)));
        assertThat(removed.location()).endsWith("/account/security");
        assertThat(b.follow(removed).body()).contains("The second factor was removed").doesNotContain("Old key");
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "second factor was removed").text())
                .contains("the passkey \"Old key\"").doesNotContain("authenticator app");
        assertThat(browser().signIn(name, PASSWORD).location()).as("no factor left").endsWith("/account");
        assertThat(passkeySignIn(browser(), key).status()).as("the removed passkey no longer signs in").isEqualTo(401);
    }

    @Test
    void supportsRemovalDeletesThePasskeysAndTheUserEntityAndTheConsoleNeverShowsKeyMaterial() {
        String owner = unique("pkcon");
        SoftPasskey key = userWithPasskey(owner);
        String agent = unique("agt");
        createUser(agent, Role.SUPPORT);
        Browser console = browser();
        console.signIn(agent, PASSWORD);
        SecondFactorSteps.enroll(console, clock);
        Browser.Page page = console.get("/console/accounts/" + owner);
        assertThat(page.body()).contains("Passkey").contains("Laptop").doesNotContain(key.credentialId());
        Browser.Page done = console.post("/console/accounts/" + owner + "/second-factors/remove", Map.of());
        assertThat(done.location()).endsWith("/console/accounts/" + owner);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_credentials WHERE credential_id = ?").param(key.credentialId()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM user_entities WHERE name = ?").param(owner).query(Long.class).single()).isZero();
        assertThat(passkeySignIn(browser(), key).status()).isEqualTo(401);
        assertThat(browser().signIn(owner, PASSWORD).location()).endsWith("/account");
    }

    @Test
    void theRepositoriesKeepEveryFieldOfACredential() {
        String name = unique("repo");
        Bytes userId = Bytes.random();
        userEntities.save(ImmutablePublicKeyCredentialUserEntity.builder().id(userId).name(name).displayName(name).build());
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Bytes credentialId = Bytes.random();
        ImmutableCredentialRecord record = ImmutableCredentialRecord.builder().credentialId(credentialId).userEntityUserId(userId)
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY).publicKey(new ImmutablePublicKeyCose(new byte[] {1, 2, 3, 4}))
                .signatureCount(7).uvInitialized(true).backupEligible(true).backupState(false)
                .transports(Set.of(AuthenticatorTransport.INTERNAL, AuthenticatorTransport.HYBRID))
                .attestationObject(new Bytes(new byte[] {5, 6})).attestationClientDataJSON(new Bytes(new byte[] {7}))
                .created(created).lastUsed(created).label("Round trip").build();
        credentials.save(record);
        CredentialRecord read = credentials.findByCredentialId(credentialId);
        assertThat(read.getUserEntityUserId()).isEqualTo(userId);
        assertThat(read.getPublicKey().getBytes()).containsExactly(1, 2, 3, 4);
        assertThat(read.getSignatureCount()).isEqualTo(7);
        assertThat(read.isUvInitialized()).isTrue();
        assertThat(read.isBackupEligible()).isTrue();
        assertThat(read.isBackupState()).isFalse();
        assertThat(read.getTransports()).containsExactlyInAnyOrder(AuthenticatorTransport.INTERNAL, AuthenticatorTransport.HYBRID);
        assertThat(read.getAttestationObject().getBytes()).containsExactly(5, 6);
        assertThat(read.getCreated()).isEqualTo(created);
        assertThat(read.getLabel()).isEqualTo("Round trip");
        assertThat(userEntities.findByUsername(name).getId()).isEqualTo(userId);

        credentials.save(ImmutableCredentialRecord.fromCredentialRecord(read).signatureCount(8).lastUsed(created.plusSeconds(60)).build());
        CredentialRecord updated = credentials.findByCredentialId(credentialId);
        assertThat(updated.getSignatureCount()).as("a second save updates the row").isEqualTo(8);
        assertThat(updated.getLastUsed()).isEqualTo(created.plusSeconds(60));
        assertThat(credentials.findByUserId(userId)).hasSize(1);
        credentials.delete(credentialId);
        userEntities.delete(userId);
        assertThat(credentials.findByCredentialId(credentialId)).isNull();
        assertThat(userEntities.findByUsername(name)).isNull();
    }
}
