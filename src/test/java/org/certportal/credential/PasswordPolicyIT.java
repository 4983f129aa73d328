package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The policy through the running portal: the forced change, the rehash of an import, the strength endpoint. */
class PasswordPolicyIT extends IntegrationTest {

    private static final String BLOCKLISTED = "ManchesterUnited";
    private static final String NEW_PASSWORD = "quokka driftwood lantern saffron";

    @Test
    void aBlocklistedPasswordIsDeemedInsecureAtSignIn() {
        String name = unique("weak");
        Account account = createUser(name, BLOCKLISTED, Role.USER);
        Browser b = browser();
        Browser.Page answer = b.signIn(name, BLOCKLISTED);
        assertThat(answer.status()).isIn(302, 303);
        Browser.Page account1 = b.get("/account");
        assertThat(account1.location()).endsWith("/password/change");
        Browser.Page change = b.get("/password/change");
        assertThat(change.body()).contains("no longer meets our security rules");
        assertThat(auditCount(account.id(), AuditType.PASSWORD_CHANGE_REQUIRED, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE account_id = ? AND type = ?").param(account.id())
                .param(AuditType.PASSWORD_CHANGE_REQUIRED.name()).query(String.class).single()).contains("blocklisted");

        // Another blocklisted password is refused with the plain reason and a low meter, without JavaScript.
        Browser.Page refused = b.post("/password/change", Map.of("currentPassword", BLOCKLISTED, "newPassword", "passwordpassword",
                "confirmPassword", "passwordpassword"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("This password is on a list of passwords known to attackers")
                .containsPattern("<meter id=\"strength-meter\"[^>]*value=\"[01]\"")
                .contains("src=\"/js/strength.js\"");

        Browser.Page done = b.post("/password/change", Map.of("currentPassword", BLOCKLISTED, "newPassword", NEW_PASSWORD,
                "confirmPassword", NEW_PASSWORD));
        assertThat(done.body()).contains("Your password has been successfully reset!");
        assertThat(b.get("/account").status()).isEqualTo(200);
    }

    @Test
    void anImportedBcryptHashIsRehashedWithArgon2idAtTheNextSignIn() {
        String name = unique("bcr");
        String imported = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2Y, 4).encode(PASSWORD);
        Account account = accounts.create(new NewAccount(name, emailOf(name), null, Role.USER,
                ImportedHash.toStored(imported).orElseThrow(), false, null));
        Browser b = browser();
        assertThat(b.signIn(name, PASSWORD).location()).endsWith("/account");
        await().atMost(Duration.ofSeconds(20)).until(() -> storedHash(account.id()).startsWith("{argon2id}$argon2id$"));
        assertThat(hasher.matches(PASSWORD, storedHash(account.id()))).isTrue();
        assertThat(auditCount(account.id(), AuditType.PASSWORD_REHASHED, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
    }

    private String storedHash(long accountId) {
        return jdbc.sql("SELECT password_hash FROM account WHERE id = ?").param(accountId).query(String.class).single();
    }

    @Test
    void theStrengthEndpointAnswersTheSetupPageAnonymouslyWithItsCsrfToken() {
        Browser b = browser();
        b.get("/login");
        Browser.Page weak = b.post("/password/strength", Map.of("password", BLOCKLISTED));
        assertThat(weak.status()).isEqualTo(200);
        assertThat(weak.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(weak.header("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(weak.body()).contains("\"score\":").contains("known to attackers").contains("\"acceptable\":false");

        Browser.Page strong = b.post("/password/strength", Map.of("password", NEW_PASSWORD));
        assertThat(strong.body()).contains("\"score\":4").contains("\"reason\":\"\"").contains("\"acceptable\":true");

        Browser.Page noToken = browser().postRaw("/password/strength", "password=abc");
        assertThat(noToken.status()).isEqualTo(403);
    }

    @Test
    void theStrengthEndpointStaysOpenWhileAChangeIsRequired_andKnowsTheAccountsNames() {
        String name = unique("johanna");
        accounts.create(new NewAccount(name, emailOf(name), "Johanna Oberholzer", Role.USER, hasher.hash(PASSWORD), true, "support"));
        Browser b = browser();
        b.signIn(name, PASSWORD);
        b.get("/password/change");
        Browser.Page personal = b.post("/password/strength", Map.of("password", "Johanna.Oberholzer1987!"));
        assertThat(personal.status()).isEqualTo(200);
        assertThat(personal.body()).contains("This password is mostly your name.");

        // Issue 16: the reason is precise and in the page's language, in the meter and in the form alike.
        b.get("/password/change?lang=fr");
        Browser.Page common = b.post("/password/strength", Map.of("password", "password12345678"));
        assertThat(common.body()).contains("C’est un mot de passe courant auquel on a ajouté des chiffres ou des symboles")
                .doesNotContain("nom d’utilisateur");
        Browser.Page refused = b.post("/password/change", Map.of("currentPassword", PASSWORD, "newPassword", "password12345678",
                "confirmPassword", "password12345678"));
        assertThat(refused.body()).contains("C’est un mot de passe courant auquel on a ajouté des chiffres ou des symboles")
                .doesNotContain("built from");
    }
}
