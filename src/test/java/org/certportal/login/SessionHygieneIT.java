package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certportal.account.Account;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Issue 13 item 6: session ids, absolute lifetime, and the owner's list of sessions. */
class SessionHygieneIT extends IntegrationTest {

    private static final Pattern HANDLE = Pattern.compile("name=\"session\" value=\"([^\"]+)\"");

    @Test
    void sessionIdsCarryAtLeast128RandomBits() {
        Browser b = browser();
        b.signIn(createUser(unique("bits")).username(), PASSWORD);
        String id = b.cookie("SESSION").orElseThrow();
        // The cookie holds the id base64-encoded; the id is 36 base64url characters of 27 random bytes.
        String decoded = new String(Base64.getDecoder().decode(id));
        assertThat(decoded).hasSize(36).matches("[A-Za-z0-9_-]{36}");
        assertThat(Base64.getUrlDecoder().decode(decoded)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(decoded).as("not a UUID").doesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void aSessionEndsAfterItsAbsoluteLifetimeHoweverActive() {
        Browser b = browser();
        b.signIn(createUser(unique("absolute")).username(), PASSWORD);
        clock.advance(Duration.ofHours(11).plusMinutes(59));
        assertThat(b.get("/account").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        Browser.Page expired = b.get("/account");
        assertThat(expired.location()).endsWith("/login?expired");
        assertThat(b.follow(expired).body()).contains("maximum length");
        assertThat(b.get("/account").location()).endsWith("/login");
    }

    @Test
    void theOwnerSeesTheirSessionsAndEndsOneOrAllTheOthers() {
        Account account = createUser(unique("sessions"));
        Browser here = browser();
        here.signIn(account.username(), PASSWORD);
        Browser laptop = browser();
        laptop.signIn(account.username(), PASSWORD);
        Browser phone = browser();
        phone.signIn(account.username(), PASSWORD);

        Browser.Page page = here.get("/account");
        assertThat(page.body()).contains("id=\"session-list\"").contains("This browser").contains("127.0.0.1");
        assertThat(page.body()).doesNotContain(new String(Base64.getDecoder().decode(laptop.cookie("SESSION").orElseThrow())));
        Matcher handles = HANDLE.matcher(page.body());
        assertThat(handles.find()).isTrue();
        String first = handles.group(1);
        assertThat(handles.find()).isTrue();

        // A handle from another account's page ends nothing.
        Browser stranger = browser();
        stranger.signIn(createUser(unique("stranger")).username(), PASSWORD);
        stranger.get("/account");
        assertThat(stranger.follow(stranger.post("/account/sessions/end", Map.of("session", first))).body()).contains("already ended");
        assertThat(liveSessions(account)).isEqualTo(3);

        here.get("/account");
        assertThat(here.follow(here.post("/account/sessions/end", Map.of("session", first))).body()).contains("That session has ended");
        assertThat(liveSessions(account)).isEqualTo(2);

        here.get("/account");
        here.follow(here.post("/account/sessions/end-others", Map.of()));
        assertThat(liveSessions(account)).isEqualTo(1);
        assertThat(here.get("/account").status()).isEqualTo(200);
        assertThat(laptop.get("/account").location()).endsWith("/login");
        assertThat(phone.get("/account").location()).endsWith("/login");
        assertThat(auditCount(account.id(), AuditType.SESSION_ENDED, AuditOutcome.SUCCESS)).isEqualTo(2);
    }

    @Test
    void anAccountWithManySessionsSeesTheTenMostRecentThisBrowserFirstAndTheRestCountedAndEndable() {
        Account account = createUser(unique("many"));
        Browser here = browser();
        here.signIn(account.username(), PASSWORD);
        List<Browser> others = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            Browser b = browser();
            b.signIn(account.username(), PASSWORD);
            others.add(b);
        }
        assertThat(liveSessions(account)).isEqualTo(14);

        String body = here.get("/account").body();
        Matcher handles = HANDLE.matcher(body);
        int listed = 0;
        while (handles.find()) {
            listed++;
        }
        // 10 rows: this browser (no handle, it cannot end itself there) and the 9 others seen last
        assertThat(listed).isEqualTo(OpenSessions.SHOWN - 1);
        assertThat(body).contains("This browser").contains("id=\"sessions-more\"")
                .contains("Other sessions, seen less recently and not listed here: 4.").contains("id=\"end-other-sessions\"");

        here.follow(here.post("/account/sessions/end-others", Map.of()));
        assertThat(liveSessions(account)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE account_id = ? AND type = ?").param(account.id()).param(AuditType.SESSION_ENDED.name())
                .query(String.class).single()).isEqualTo("13 other sessions ended by their owner");
        assertThat(others.get(0).get("/account").location()).endsWith("/login");
        assertThat(here.get("/account").body()).doesNotContain("id=\"sessions-more\"");
    }

    @Test
    void aRequestStillRunningOnTheOldSessionCannotUndoTheRenewalAtAPasswordChange() {
        Account account = createUser(unique("latewrite"));
        accounts.requirePasswordChange(account.id(), "support");
        Browser b = browser();
        assertThat(b.signIn(account.username(), PASSWORD).location()).endsWith("/password/change");
        b.get("/password/change");
        String oldId = new String(Base64.getDecoder().decode(b.cookie("SESSION").orElseThrow()));
        String oldRow = jdbc.sql("SELECT PRIMARY_ID FROM SPRING_SESSION WHERE SESSION_ID = ?").param(oldId).query(String.class).single();

        Browser.Page done = b.post("/password/change", Map.of("currentPassword", PASSWORD, "newPassword", "quiet harbour lantern whistle",
                "confirmPassword", "quiet harbour lantern whistle"));
        assertThat(done.body()).contains("Your password has been successfully reset!");
        // What Spring Session JDBC does when a request that began on the old id (the strength meter's) ends:
        // it writes that id back into the row it loaded.
        jdbc.sql("UPDATE SPRING_SESSION SET SESSION_ID = ? WHERE PRIMARY_ID = ?").param(oldId).param(oldRow).update();

        assertThat(b.get("/account").status()).as("still signed in after the late write").isEqualTo(200);
    }

    private long liveSessions(Account account) {
        return jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(account.username()).query(Long.class).single();
    }
}
