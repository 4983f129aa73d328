package org.certportal.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.certportal.platform.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The append-only security event log. There is no update or delete here on purpose. Callers
 * pass facts, never secrets: the detail of an event must not hold a password or a token.
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("certportal.audit");

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(SecurityEvent event) {
        String type = event.type().name();
        String outcome = event.outcome().name();
        Long accountId = event.subject().accountId();
        String actor = clip(event.actor().name(), 64);
        jdbc.sql("INSERT INTO audit_event (at, type, outcome, account_id, username, actor, client_address, detail) VALUES (?,?,?,?,?,?,?,?)")
                .param(Timestamps.db(clock.instant())).param(type).param(outcome).param(accountId)
                .param(clip(event.subject().username(), 64)).param(actor).param(clip(event.clientAddress(), 64))
                .param(clip(event.detail(), 1000))
                .update();
        log.info("{} {} account={} actor={} from={}", type, outcome, accountId, actor, event.clientAddress());
    }

    // account_id leads the ORDER BY although the WHERE fixes it: H2 only reads an index in order
    // when the ORDER BY starts with the index's first column (PostgreSQL does either way). With it,
    // both walk audit_event_account_recent newest first and stop at the limit instead of sorting
    // the account's whole history.
    static final String RECENT_FOR_ACCOUNT =
            "SELECT * FROM audit_event WHERE account_id = ? ORDER BY account_id, at DESC, id DESC FETCH FIRST ? ROWS ONLY";
    /** The latest events of an account of any of {@code types} kinds, in the same index order. */
    static String recentOfTypes(int types) {
        return "SELECT * FROM audit_event WHERE account_id = ? AND type IN (" + String.join(", ", Collections.nCopies(types, "?"))
                + ") ORDER BY account_id, at DESC, id DESC FETCH FIRST ? ROWS ONLY";
    }

    public List<AuditEvent> recentForAccount(long accountId, int limit) {
        return jdbc.sql(RECENT_FOR_ACCOUNT).param(accountId).param(Math.max(1, limit)).query(AuditLog::map).list();
    }

    public List<AuditEvent> recent(int limit) {
        return jdbc.sql("SELECT * FROM audit_event ORDER BY id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")
                .query(AuditLog::map).list();
    }

    public List<AuditEvent> recentOfType(long accountId, AuditType type, int limit) {
        return recentOfTypes(accountId, List.of(type), limit);
    }

    /** The account's latest events of any of {@code types}, newest first. */
    public List<AuditEvent> recentOfTypes(long accountId, Collection<AuditType> types, int limit) {
        if (types.isEmpty()) {
            return List.of();
        }
        var spec = jdbc.sql(recentOfTypes(types.size())).param(accountId);
        for (AuditType type : types) {
            spec = spec.param(type.name());
        }
        return spec.param(Math.max(1, limit)).query(AuditLog::map).list();
    }

    static final int EXPORT_PAGE = 500;

    /**
     * Every event with {@code since <= at < until} ({@code until} null: no upper bound), oldest first,
     * to {@code sink}. Read in pages keyed on (at, id) along the index on {@code at}: memory stays flat
     * however long the log, and no transaction stays open while the sink writes.
     */
    public void export(Instant since, Instant until, Consumer<AuditEvent> sink) {
        Instant end = until == null ? Instant.parse("9999-12-31T23:59:59Z") : until;
        List<AuditEvent> page = jdbc.sql("SELECT * FROM audit_event WHERE at >= ? AND at < ? ORDER BY at, id FETCH FIRST " + EXPORT_PAGE + " ROWS ONLY")
                .param(Timestamps.db(since)).param(Timestamps.db(end)).query(AuditLog::map).list();
        while (!page.isEmpty()) {
            page.forEach(sink);
            if (page.size() < EXPORT_PAGE) {
                return;
            }
            AuditEvent last = page.get(page.size() - 1);
            page = jdbc.sql("SELECT * FROM audit_event WHERE (at > ? OR (at = ? AND id > ?)) AND at < ? ORDER BY at, id FETCH FIRST " + EXPORT_PAGE
                    + " ROWS ONLY")
                    .param(Timestamps.db(last.at())).param(Timestamps.db(last.at())).param(last.id()).param(Timestamps.db(end))
                    .query(AuditLog::map).list();
        }
    }

    /**
     * The newest events of one type whose detail starts with {@code detailPrefix} (taken literally, not as a
     * pattern), for a view across accounts such as a single sign-on client's recent sign-ins. It walks
     * audit_event_at newest first and stops at the limit.
     */
    public List<AuditEvent> recentOfTypeWithDetail(AuditType type, String detailPrefix, int limit) {
        String literal = detailPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return jdbc.sql("SELECT * FROM audit_event WHERE type = ? AND detail LIKE ? ESCAPE '\\' ORDER BY at DESC, id DESC FETCH FIRST ? ROWS ONLY")
                .param(type.name()).param(literal + "%").param(Math.max(1, limit)).query(AuditLog::map).list();
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        long account = rs.getLong("account_id");
        // wasNull() speaks of the column read last: ask it here, before any other column is read.
        Long accountId = rs.wasNull() ? null : account;
        return new AuditEvent(rs.getLong("id"), Timestamps.instant(rs, "at"), rs.getString("type"), rs.getString("outcome"),
                accountId, rs.getString("username"), rs.getString("actor"), rs.getString("client_address"), rs.getString("detail"));
    }
}
