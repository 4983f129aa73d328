package org.certportal.mail;

import java.time.Clock;
import java.util.List;
import org.certportal.platform.Secrets;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The transactional outbox: {@link #enqueue} writes a row in the caller's transaction, so an email
 * exists exactly when the change that causes it commits. Delivery happens later, in
 * {@link OutboxDispatcher}, never on the request that caused it, and is not triggered by it.
 */
@Service
public class Outbox {

    static final String QUEUED = "QUEUED";
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, Secrets secrets, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
    }

    public void enqueue(OutgoingMail mail) {
        jdbc.sql("INSERT INTO outbox (account_id, recipient, template, locale, payload, status, attempts, next_attempt_at, created_at) "
                        + "VALUES (?,?,?,?,?,?,0,?,?)")
                .param(mail.accountId()).param(mail.recipient()).param(mail.template()).param(mail.locale())
                .param(secrets.encrypt(PayloadCodec.encode(mail.model()))).param(QUEUED)
                .param(Timestamps.db(clock.instant())).param(Timestamps.db(clock.instant()))
                .update();
        // No wake-up of the dispatcher here: delivery starting during the response would make an
        // answer about an existing account slower than one about an unknown account. The
        // dispatcher polls every certportal.mail.poll-interval (1 s) on Spring's scheduler.
    }

    public List<OutboxEntry> recentForAccount(long accountId, int limit) {
        return jdbc.sql("SELECT id, recipient, template, status, attempts, created_at, sent_at, next_attempt_at, last_error FROM outbox "
                        + "WHERE account_id = ? ORDER BY id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")
                .param(accountId)
                .query((rs, i) -> new OutboxEntry(rs.getLong("id"), rs.getString("recipient"), rs.getString("template"), rs.getString("status"),
                        rs.getInt("attempts"), Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "sent_at"),
                        Timestamps.instant(rs, "next_attempt_at"), rs.getString("last_error")))
                .list();
    }

    /** Puts a failed message back in the queue (console "resend"); false if it is not a failed message of that account. */
    public boolean retry(long accountId, long messageId) {
        int n = jdbc.sql("UPDATE outbox SET status = ?, attempts = 0, next_attempt_at = ? WHERE id = ? AND account_id = ? AND status = ? AND payload IS NOT NULL")
                .param(QUEUED).param(Timestamps.db(clock.instant())).param(messageId).param(accountId).param(FAILED).update();
        // Not woken either: the dispatcher's next pass (within certportal.mail.poll-interval) sends it.
        return n == 1;
    }

    public long countByStatus(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE status = ?").param(status).query(Long.class).single();
    }

    /**
     * Emails not delivered yet and not given up on: queued, and those a dispatcher is trying at this
     * instant. Counting only QUEUED made the backlog read 0 whenever a pass was attempting every waiting
     * email at once, as it does when the relay is down (RelayOutageIT saw it on PostgreSQL).
     */
    public long countWaiting() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE status IN (?, ?)").param(QUEUED).param(SENDING).query(Long.class).single();
    }
}
