package org.certportal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certportal.account.Account;
import org.certportal.account.AccountStatus;
import org.certportal.account.LastAdminException;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Issue 13 items 1, 2, 7 and 10: what staff may do, and that a lost role is lost at once. */
class StaffBoundaryIT extends IntegrationTest {

    private Browser signedIn(Account account) {
        Browser b = browser();
        assertThat(b.signIn(account.username(), PASSWORD).location()).endsWith("/account");
        return b;
    }

    @Test
    void aDemotedAdminLosesTheConsoleInTheSessionAlreadyOpen() {
        Account demoted = createUser(unique("demoted"), Role.ADMIN);
        Account other = createUser(unique("otheradmin"), Role.ADMIN);
        Browser demotedBrowser = signedIn(demoted);
        assertThat(demotedBrowser.get("/console/create-account").status()).isEqualTo(200);

        Browser admin = signedIn(other);
        admin.get("/console/accounts/" + demoted.username());
        admin.follow(admin.post("/console/accounts/" + demoted.username() + "/role", Map.of("role", "USER")));
        assertThat(accounts.findById(demoted.id()).orElseThrow().role()).isEqualTo(Role.USER);

        // The page loaded before the demotion still carries a CSRF token; the session behind it is gone.
        Browser.Page attempt = demotedBrowser.post("/console/create-account",
                Map.of("username", unique("sneaky"), "email", "sneaky@example.com", "role", "ADMIN"));
        assertThat(attempt.status()).isIn(302, 303, 403);
        assertThat(demotedBrowser.get("/console").location()).endsWith("/login");
        assertThat(accounts.search("sneaky")).isEmpty();
    }

    @Test
    void aDisabledAccountsOpenSessionEndsAtOnce() {
        Account user = createUser(unique("disabledlive"));
        Browser userBrowser = signedIn(user);
        assertThat(userBrowser.get("/account").status()).isEqualTo(200);

        Browser support = signedIn(createUser(unique("agent"), Role.SUPPORT));
        support.get("/console/accounts/" + user.username());
        support.follow(support.post("/console/accounts/" + user.username() + "/disable", Map.of()));

        assertThat(userBrowser.get("/account").location()).endsWith("/login");
    }

    @Test
    void aRequiredPasswordChangeReachesTheSessionAlreadyOpen() {
        Account user = createUser(unique("mustchangelive"));
        Browser userBrowser = signedIn(user);
        Browser support = signedIn(createUser(unique("agent"), Role.SUPPORT));
        support.get("/console/accounts/" + user.username());
        support.follow(support.post("/console/accounts/" + user.username() + "/require-change", Map.of()));

        assertThat(userBrowser.get("/account").location()).endsWith("/login");
        assertThat(userBrowser.signIn(user.username(), PASSWORD).location()).endsWith("/password/change");
    }

    @Test
    void aRoleChangeOutsideTheConsoleEndsEverySessionInTheSharedStore() {
        // What the administration commands do: the service, on the database every node reads sessions from.
        Account admin = createUser(unique("cliDemoted"), Role.ADMIN);
        createUser(unique("keeper"), Role.ADMIN);
        Browser one = signedIn(admin);
        Browser two = signedIn(admin);
        assertThat(sessionsOf(admin)).isEqualTo(2);
        accounts.setRole(admin.id(), Role.SUPPORT);
        assertThat(sessionsOf(admin)).isZero();
        assertThat(one.get("/console").location()).endsWith("/login");
        assertThat(two.get("/account").location()).endsWith("/login");
    }

    @Test
    void supportMayActOnlyOnUserAccountsAndEachRefusalIsAudited() {
        Account agentAccount = createUser(unique("agent"), Role.SUPPORT);
        Browser support = signedIn(agentAccount);
        Account admin = createUser(unique("protectedadmin"), Role.ADMIN);
        Account peer = createUser(unique("protectedpeer"), Role.SUPPORT);
        for (Account target : List.of(admin, peer)) {
            Browser.Page page = support.get("/console/accounts/" + target.username());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"no-actions\"").doesNotContain("id=\"disable\"");
            for (String action : List.of("disable", "unlock", "reset", "username-reminder", "require-change", "enable")) {
                assertThat(support.post("/console/accounts/" + target.username() + "/" + action, Map.of()).status())
                        .as(action + " on " + target.role()).isEqualTo(403);
            }
            assertThat(accounts.findById(target.id()).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
            assertThat(accounts.findById(target.id()).orElseThrow().mustChangePassword()).isFalse();
        }
        String detail = jdbc.sql("SELECT detail FROM audit_event WHERE account_id = ? AND type = ? AND outcome = 'REFUSED' ORDER BY id FETCH FIRST 1 ROWS ONLY")
                .param(agentAccount.id()).param(AuditType.ACCESS_DENIED.name()).query(String.class).single();
        assertThat(detail).isEqualTo("POST /console/accounts/" + admin.username() + "/disable");

        Account user = createUser(unique("helped"));
        support.get("/console/accounts/" + user.username());
        support.follow(support.post("/console/accounts/" + user.username() + "/disable", Map.of()));
        assertThat(accounts.findById(user.id()).orElseThrow().status()).isEqualTo(AccountStatus.DISABLED);
    }

    @Test
    void theLastActiveAdminCannotBeDisabledOrDemoted() {
        // Make this test's administrator the only active one (other tests make their own).
        jdbc.sql("UPDATE account SET status = 'DISABLED' WHERE role = 'ADMIN' AND status = 'ACTIVE'").update();
        Account last = createUser(unique("lastadmin"), Role.ADMIN);
        assertThatThrownBy(() -> accounts.setRole(last.id(), Role.USER)).isInstanceOf(LastAdminException.class);
        assertThatThrownBy(() -> accounts.setStatus(last.id(), AccountStatus.DISABLED)).isInstanceOf(LastAdminException.class);

        Browser self = signedIn(last);
        self.get("/console/accounts/" + last.username());
        Browser.Page demote = self.follow(self.post("/console/accounts/" + last.username() + "/role", Map.of("role", "USER")));
        assertThat(demote.body()).contains("This is the last active administrator");
        Account after = accounts.findById(last.id()).orElseThrow();
        assertThat(after.role()).isEqualTo(Role.ADMIN);
        assertThat(after.status()).isEqualTo(AccountStatus.ACTIVE);
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOne() throws Exception {
        for (int round = 0; round < 5; round++) {
            jdbc.sql("UPDATE account SET status = 'DISABLED' WHERE role = 'ADMIN' AND status = 'ACTIVE'").update();
            Account a = createUser(unique("racea"), Role.ADMIN);
            Account b = createUser(unique("raceb"), Role.ADMIN);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Boolean>> demotions = new ArrayList<>();
                for (Account target : List.of(a, b)) {
                    demotions.add(() -> {
                        try {
                            accounts.setRole(target.id(), Role.USER);
                            return true;
                        } catch (LastAdminException e) {
                            return false;
                        }
                    });
                }
                int done = 0;
                for (Future<Boolean> f : pool.invokeAll(demotions)) {
                    done += f.get() ? 1 : 0;
                }
                assertThat(done).isEqualTo(1);
                long admins = jdbc.sql("SELECT COUNT(*) FROM account WHERE role = 'ADMIN' AND status = 'ACTIVE'").query(Long.class).single();
                assertThat(admins).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void consoleFieldsHaveLimitsAnsweredNextToTheFieldNeverA500() {
        Browser admin = signedIn(createUser(unique("creator"), Role.ADMIN));
        admin.get("/console/create-account");
        String name = unique("longname");
        Browser.Page tooLong = admin.post("/console/create-account",
                Map.of("username", name, "email", emailOf(name), "displayName", "x".repeat(300), "role", "USER"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"displayName-error\"").contains("at most 128 characters");
        assertThat(accounts.findByUsername(name)).isEmpty();

        admin.get("/console/create-account");
        Browser.Page lineBreak = admin.post("/console/create-account",
                Map.of("username", name, "email", emailOf(name), "displayName", "Sam\r\nBcc: victim@example.com", "role", "USER"));
        assertThat(lineBreak.status()).isEqualTo(400);
        assertThat(lineBreak.body()).contains("id=\"displayName-error\"").contains("line breaks");

        admin.get("/console/create-account");
        Browser.Page badEmail = admin.post("/console/create-account", Map.of("username", name, "email", "not-an-address", "role", "USER"));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.body()).contains("id=\"email-error\"");
        assertThat(accounts.findByUsername(name)).isEmpty();

        assertThatThrownBy(() -> accounts.create(new NewAccount(name, emailOf(name), "A\nB", Role.USER, null, false, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csrfAndBadInputRefusalsAreAuditedWithoutTheSubmittedValues() {
        Account user = createUser(unique("refused"));
        Browser b = signedIn(user);
        b.get("/account");
        assertThat(b.postRaw("/logout", "").status()).isEqualTo(403);
        assertThat(auditCount(user.id(), AuditType.CSRF_REFUSED, AuditOutcome.REFUSED)).isEqualTo(1);

        String secret = "hunter2-" + unique("secret");
        b.get("/password/change");
        Browser.Page bad = b.post("/password/change", Map.of("currentPassword", secret + "\u0001", "newPassword", "x", "confirmPassword", "x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(auditCount(user.id(), AuditType.INPUT_REFUSED, AuditOutcome.REFUSED)).isEqualTo(1);
        long leaked = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + secret + "%").query(Long.class).single();
        assertThat(leaked).isZero();

        // A reset link's token never reaches the log either, even when the request is refused.
        String token = "tok" + unique("en").repeat(3);
        long before = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND detail = 'GET /reset/{token} (control)'")
                .param(AuditType.INPUT_REFUSED.name()).query(Long.class).single();
        assertThat(browser().get("/reset/" + token + "?x=%01").status()).isEqualTo(400);
        long after = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND detail = 'GET /reset/{token} (control)'")
                .param(AuditType.INPUT_REFUSED.name()).query(Long.class).single();
        assertThat(after).isEqualTo(before + 1);
        long tokenLeaked = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + token + "%").query(Long.class).single();
        assertThat(tokenLeaked).isZero();
    }

    private long sessionsOf(Account account) {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(account.username()).query(Long.class).single();
    }
}
