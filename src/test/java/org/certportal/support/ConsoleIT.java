package org.certportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.AccountStatus;
import org.certportal.account.Role;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;

class ConsoleIT extends IntegrationTest {

    private Browser agent(Role role) {
        Account agent = createUser(unique("agent"), role);
        Browser b = browser();
        b.signIn(agent.username(), PASSWORD);
        return b;
    }

    @Test
    void searchFindsAccountsByPartOfUsernameOrEmail() {
        String name = unique("findme");
        createUser(name);
        Browser b = agent(Role.SUPPORT);
        Browser.Page byName = b.get("/console/accounts?q=" + name.substring(0, name.length() - 2));
        assertThat(byName.body()).contains("href=\"/console/accounts/" + name + "\"");
        Browser.Page byEmail = b.get("/console/accounts?q=" + name + "@example");
        assertThat(byEmail.body()).contains(name);
        assertThat(b.get("/console/accounts?q=zzzznothing").body()).contains("No account matches.");
    }

    @Test
    void theAccountPageShowsLockFailuresResetAndEmails() {
        String name = unique("shown");
        createUser(name);
        for (int i = 0; i < 5; i++) {
            browser().signIn(name, "wrong wrong wrong wrong 2");
        }
        Browser b = agent(Role.SUPPORT);
        Browser.Page page = b.get("/console/accounts/" + name);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Locked until").contains("<td>Account locked</td>").contains("<td>Sign-in</td>");
        assertThat(b.get("/console/accounts/" + unique("missing")).status()).isEqualTo(404);
    }

    /**
     * Issue 16: the console showed codes (ACCOUNT_UNLOCKED, USER, ACTIVE, SENT, account-locked); it says
     * "Unlocked by sam" and names roles, statuses and emails in words, in the page's language.
     */
    @Test
    void theConsoleSaysWhatHappenedInWordsInThePagesLanguage() {
        String name = unique("worded");
        createUser(name);
        for (int i = 0; i < 5; i++) {
            browser().signIn(name, "wrong wrong wrong wrong 2");
        }
        Mail.awaitSubject(greenMail, emailOf(name), "locked");
        Account sam = createUser(unique("sam"), Role.SUPPORT);
        Browser b = browser();
        b.signIn(sam.username(), PASSWORD);
        b.get("/console/accounts/" + name);
        b.follow(b.post("/console/accounts/" + name + "/unlock", Map.of()));

        String english = b.get("/console/accounts/" + name + "?lang=en").body();
        assertThat(english).contains("<td>Unlocked by " + sam.username() + "</td>").contains("<td>Locked automatically</td>")
                .contains("<td>Account locked</td>").contains(">User</dd>").contains(">Active</dd>")
                .contains("<td>Succeeded</td>");
        assertThat(english).doesNotContain("ACCOUNT_UNLOCKED").doesNotContain(">USER<").doesNotContain(">ACTIVE<")
                .doesNotContain(">SENT<").doesNotContain(">account-locked<").doesNotContain("0:0:0:0:0:0:0:1");

        String french = b.get("/console/accounts/" + name + "?lang=fr").body();
        assertThat(french).contains("<td>Compte déverrouillé par " + sam.username() + "</td>").contains("<td>Compte verrouillé automatiquement</td>")
                .contains(">Utilisateur</dd>").contains(">Actif</dd>").contains("<td>Compte verrouillé</td>").contains("<th>Événement</th>");
        String japanese = b.get("/console/accounts/" + name + "?lang=ja").body();
        assertThat(japanese).contains("<td>ロック解除 (実行者: " + sam.username() + ")</td>").contains(">ユーザー</dd>");
    }

    @Test
    void everyActionWorksAndIsAudited() {
        String name = unique("acted");
        Account account = createUser(name);
        Browser b = agent(Role.SUPPORT);
        b.get("/console/accounts/" + name);

        assertThat(b.follow(b.post("/console/accounts/" + name + "/reset", Map.of())).body()).contains("Password reset emails queued.");
        Mail.awaitSubject(greenMail, emailOf(name), "reset link");
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "was requested").text()).contains("started by a Support agent");

        assertThat(b.follow(b.post("/console/accounts/" + name + "/username-reminder", Map.of())).body()).contains("Username reminder queued.");
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "Your username").text()).contains("Username: " + name);

        b.follow(b.post("/console/accounts/" + name + "/require-change", Map.of()));
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/password/change");

        b.follow(b.post("/console/accounts/" + name + "/disable", Map.of()));
        assertThat(accounts.findById(account.id()).orElseThrow().status()).isEqualTo(AccountStatus.DISABLED);
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/login?error");
        b.follow(b.post("/console/accounts/" + name + "/enable", Map.of()));
        assertThat(accounts.findById(account.id()).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);

        assertThat(auditCount(account.id(), AuditType.RESET_LINK_SENT, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(auditCount(account.id(), AuditType.USERNAME_REMINDER_SENT, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(auditCount(account.id(), AuditType.ACCOUNT_DISABLED, AuditOutcome.SUCCESS)).isEqualTo(1);
        assertThat(auditCount(account.id(), AuditType.ACCOUNT_ENABLED, AuditOutcome.SUCCESS)).isEqualTo(1);
        String actor = jdbc.sql("SELECT actor FROM audit_event WHERE account_id = ? AND type = ?").param(account.id()).param(AuditType.ACCOUNT_DISABLED.name())
                .query(String.class).single();
        assertThat(actor).startsWith("agent");
    }

    @Test
    void actionsNeedCsrfAndTheRightRole() {
        String name = unique("guarded");
        createUser(name);
        Browser user = browser();
        user.signIn(createUser(unique("plain")).username(), PASSWORD);
        user.get("/account");
        assertThat(user.post("/console/accounts/" + name + "/unlock", Map.of()).status()).isEqualTo(403);

        Browser support = agent(Role.SUPPORT);
        support.get("/console");
        assertThat(support.postRaw("/console/accounts/" + name + "/unlock", "").status()).isEqualTo(403);
        assertThat(support.post("/console/accounts/" + name + "/role", Map.of("role", "ADMIN")).status()).isEqualTo(403);
        assertThat(support.get("/console/create-account").status()).isEqualTo(403);
    }

    @Test
    void adminsCreateAccountsThatAreSetUpByEmailAndChangeRoles() {
        Browser admin = agent(Role.ADMIN);
        String name = unique("created");
        admin.get("/console/create-account");
        Browser.Page created = admin.post("/console/create-account", Map.of("username", name, "email", emailOf(name), "displayName", "New Person", "role", "SUPPORT"));
        assertThat(created.status()).isIn(302, 303);
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "Set up your account").text()).contains("/setup/");
        admin.get("/console/accounts/" + name);
        admin.follow(admin.post("/console/accounts/" + name + "/role", Map.of("role", "USER")));
        assertThat(accounts.findByUsername(name).orElseThrow().role()).isEqualTo(Role.USER);

        admin.get("/console/create-account");
        Browser.Page duplicate = admin.post("/console/create-account", Map.of("username", name, "email", emailOf(name), "role", "USER"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).contains("already taken").contains("id=\"username-error\"");
    }

    @Test
    void aFailedEmailCanBeResent() {
        String name = unique("resend");
        Account account = createUser(name);
        jdbc.sql("INSERT INTO outbox (account_id, recipient, template, locale, payload, status, attempts, next_attempt_at, last_error, created_at) "
                        + "VALUES (?, ?, 'username-reminder', 'en', NULL, 'FAILED', 12, ?, '550 mailbox unavailable', ?)")
                .param(account.id()).param(emailOf(name)).param(java.time.OffsetDateTime.now()).param(java.time.OffsetDateTime.now()).update();
        long id = jdbc.sql("SELECT id FROM outbox WHERE account_id = ?").param(account.id()).query(Long.class).single();
        Browser b = agent(Role.SUPPORT);
        assertThat(b.get("/console/accounts/" + name).body()).contains("550 mailbox unavailable").contains("<td>Failed</td>").doesNotContain(">FAILED<");
        // A failed row without a body (here: none was stored) cannot be resent; the console says so.
        assertThat(b.follow(b.post("/console/accounts/" + name + "/mail/" + id + "/resend", Map.of())).body()).contains("Only a failed email can be resent.");
    }
}
