package org.certportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.certportal.platform.Timestamps;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The account page and the console show an account's latest events. Their cost must not grow with
 * the account's history: the database reads them newest first from an index and stops at the limit.
 */
class AuditLogIT extends IntegrationTest {

    @Autowired
    AuditLog audit;
    @Autowired
    DataSource dataSource;

    @Test
    void theLatestEventsOfAnAccountComeNewestFirstAndNoMoreThanAsked() {
        long account = createUser(unique("history")).id();
        long other = createUser(unique("neighbour")).id();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 60; i++) {
            insert(account, i % 4 == 0 ? AuditType.ACCOUNT_LOCKED : AuditType.SIGN_IN, start.plusSeconds(i), "event " + i);
            insert(other, AuditType.SIGN_IN, start.plusSeconds(1000 + i), "other " + i);
        }
        // two events in the same instant: the later one (higher id) comes first
        insert(account, AuditType.SIGN_IN, start.plusSeconds(59), "same instant, later");

        List<AuditEvent> signIns = audit.recentOfType(account, AuditType.SIGN_IN, 10);
        assertThat(signIns).extracting(AuditEvent::detail).containsExactly("same instant, later", "event 59", "event 58", "event 57",
                "event 55", "event 54", "event 53", "event 51", "event 50", "event 49");

        List<AuditEvent> all = audit.recentForAccount(account, 30);
        assertThat(all).hasSize(30).allSatisfy(e -> assertThat(e.accountId()).isEqualTo(account));
        assertThat(all.get(0).detail()).isEqualTo("same instant, later");
        assertThat(all.get(1).detail()).isEqualTo("event 59");
        assertThat(all.get(29).detail()).isEqualTo("event 31");
        assertThat(audit.recentForAccount(account, 0)).hasSize(1);
    }

    @Test
    void anEventIsStoredUnderTheNamesOfItsTypeAndOutcomeWithItsSubjectAndActorInTheirOwnColumns() {
        var account = createUser(unique("stored"));
        audit.record(SecurityEvent.of(AuditType.ACCOUNT_DISABLED, AuditOutcome.SUCCESS).about(account.id(), account.username())
                .by(AuditActor.of("agent-7")).from("192.0.2.7").detail("a detail"));
        audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.FAILURE).about(account.id(), account.username()).from("192.0.2.8"));

        List<AuditEvent> events = audit.recentForAccount(account.id(), 10);
        assertThat(events).extracting(AuditEvent::type, AuditEvent::outcome, AuditEvent::username, AuditEvent::actor, AuditEvent::clientAddress)
                .containsExactly(
                        tuple("SIGN_IN", "FAILURE", account.username(), null, "192.0.2.8"),
                        tuple("ACCOUNT_DISABLED", "SUCCESS", account.username(), "agent-7", "192.0.2.7"));
        assertThat(auditCount(account.id(), AuditType.ACCOUNT_DISABLED, AuditOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void anEventAboutNoAccountIsReadBackWithoutAnAccountNotAsAccountZero() {
        String claimed = unique("nobody");
        audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.FAILURE).about(AuditSubject.claimed(claimed)).from("192.0.2.9"));
        AuditEvent event = audit.recent(50).stream().filter(e -> claimed.equals(e.username())).findFirst().orElseThrow();
        assertThat(event.accountId()).isNull();
        var account = createUser(unique("withaccount"));
        audit.record(SecurityEvent.of(AuditType.SIGN_OUT, AuditOutcome.SUCCESS).about(account.id(), account.username()));
        assertThat(audit.recentForAccount(account.id(), 1).get(0).accountId()).isEqualTo(account.id());
    }

    @Test
    void theDatabaseReadsTheLatestEventsFromAnIndexInsteadOfSortingTheHistory() throws Exception {
        assertThat(plan(AuditLog.recentOfTypes(1), 1L, AuditType.SIGN_IN.name(), 10)).satisfies(AuditLogIT::readsInIndexOrder);
        // what /account reads: its sign-ins and the applications whose access it removed
        assertThat(plan(AuditLog.recentOfTypes(2), 1L, AuditType.SIGN_IN.name(), AuditType.OIDC_ACCESS_REMOVED.name(), 10))
                .satisfies(AuditLogIT::readsInIndexOrder);
        assertThat(plan(AuditLog.RECENT_FOR_ACCOUNT, 1L, 30)).satisfies(AuditLogIT::readsInIndexOrder);
    }

    private static void readsInIndexOrder(String plan) {
        assertThat(plan).as(plan).containsIgnoringCase("audit_event_account_recent");
        if (TestDatabase.isPostgres()) {
            assertThat(plan).as(plan).doesNotContain("Sort");
        } else {
            assertThat(plan).as(plan).contains("/* index sorted */");
        }
    }

    /** The plan the database chooses for the query, with sequential scans and sorts made as dear as they would be on a large table. */
    private String plan(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (TestDatabase.isPostgres()) {
                    try (Statement s = c.createStatement()) {
                        // The test table is tiny: left alone, PostgreSQL would rightly scan and sort it.
                        s.execute("SET LOCAL enable_seqscan = off");
                        s.execute("SET LOCAL enable_bitmapscan = off");
                        s.execute("SET LOCAL enable_sort = off");
                        s.execute("SET LOCAL enable_incremental_sort = off");
                    }
                }
                try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
                    for (int i = 0; i < params.length; i++) {
                        p.setObject(i + 1, params[i]);
                    }
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            plan.append(r.getString(1)).append('\n');
                        }
                    }
                    return plan.toString();
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private void insert(long account, AuditType type, Instant at, String detail) {
        jdbc.sql("INSERT INTO audit_event (at, type, outcome, account_id, username, actor, client_address, detail) VALUES (?,?,?,?,?,?,?,?)")
                .param(Timestamps.db(at)).param(type.name()).param(AuditOutcome.SUCCESS.name()).param(account).param("u").param("u").param("127.0.0.1").param(detail)
                .update();
    }
}
