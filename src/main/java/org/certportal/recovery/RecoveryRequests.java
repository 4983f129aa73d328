package org.certportal.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The table of recovery requests. The request itself does only {@link #submit}: one INSERT, the
 * same for every input. Looking up the account, throttling and emailing all happen in
 * {@link RecoveryWorker}, after the answer, so neither the answer nor its timing depends on whether
 * an account exists. The worker takes requests with a lease ({@link #claim}) and marks them done
 * ({@link #complete}) in the transaction that queues their emails, so a node that dies between the
 * two leaves the request to be taken over, and one that lost its lease cannot email a second time.
 */
@Component
class RecoveryRequests {

    static final String RESET = "RESET";
    static final String USERNAME = "USERNAME";

    /**
     * Takeovers of one request before it is left alone (and deleted with the old ones): a request
     * whose handling fails every time would otherwise be retried every lease, forever.
     */
    static final int MAX_ATTEMPTS = 5;

    /** Names this process in claimed_by, so that an operator can tell whose claim a row holds. */
    private static final String NODE = node();

    /** {@code locale}: the language of the page where the request was made (a BCP 47 tag), which its emails speak. */
    record Request(long id, String kind, String username, String email, String clientAddress, String locale, int attempts, String clientId) {

        Request(long id, String kind, String username, String email, String clientAddress, String locale, int attempts) {
            this(id, kind, username, email, clientAddress, locale, attempts, null);
        }
    }

    /** A claim on one request; only its holder (the same token) can mark the request done. */
    record Claim(long id, String token) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    RecoveryRequests(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** {@code clientId}: the OpenID Connect client whose authorization request was waiting when it was asked, or null. */
    void submit(String kind, String username, String email, String clientAddress, String locale, String clientId) {
        jdbc.sql("INSERT INTO recovery_request (kind, username, email, client_address, locale, requested_at, client_id) VALUES (?,?,?,?,?,?,?)")
                .param(kind).param(clip(username, 256)).param(clip(email, 320)).param(clip(clientAddress, 64)).param(clip(locale, 16))
                .param(Timestamps.db(clock.instant())).param(clientId == null || clientId.length() > 100 ? null : clientId).update();
        // Deliberately no wake-up of the worker: work started now would compete for the CPU with
        // the rest of this very response, and an existing account causes more work than an
        // unknown one. The worker's own schedule is independent of any one request.
    }

    /** Requests nobody holds: never claimed, or claimed by a node whose lease has ended. Oldest first. */
    List<Request> claimable(int limit) {
        return jdbc.sql("SELECT id, kind, username, email, client_address, locale, attempts, client_id FROM recovery_request "
                        + "WHERE processed_at IS NULL AND (lease_until IS NULL OR lease_until < ?) AND attempts < ? "
                        + "ORDER BY id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")
                .param(Timestamps.db(clock.instant())).param(MAX_ATTEMPTS)
                .query((rs, i) -> new Request(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getString(8)))
                .list();
    }

    /**
     * One conditional UPDATE: succeeds only while the request is not done and nobody holds it, so
     * of several nodes exactly one gets it. The claim holds for {@code lease}; after that any node
     * may take the request over.
     */
    Optional<Claim> claim(long id, Duration lease) {
        Instant now = clock.instant();
        String token = NODE + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        int claimed = jdbc.sql("UPDATE recovery_request SET claimed_by = ?, lease_until = ?, attempts = attempts + 1 "
                        + "WHERE id = ? AND processed_at IS NULL AND (lease_until IS NULL OR lease_until < ?) AND attempts < ?")
                .param(token).param(Timestamps.db(now.plus(lease))).param(id).param(Timestamps.db(now)).param(MAX_ATTEMPTS)
                .update();
        return claimed == 1 ? Optional.of(new Claim(id, token)) : Optional.empty();
    }

    /**
     * Marks the request done if this claim still holds it; false if another node took it over (the
     * lease ended) or it is already done. Meant to run in the transaction that queues the request's
     * emails, which must roll back when this answers false.
     */
    boolean complete(Claim claim) {
        return jdbc.sql("UPDATE recovery_request SET processed_at = ?, lease_until = NULL WHERE id = ? AND claimed_by = ? AND processed_at IS NULL")
                .param(Timestamps.db(clock.instant())).param(claim.id()).param(claim.token()).update() == 1;
    }

    /** Deletes the requests answered before {@code cutoff}, and those given up on that were made before it. */
    int deleteOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM recovery_request WHERE processed_at < ? OR (processed_at IS NULL AND attempts >= ? AND requested_at < ?)")
                .param(Timestamps.db(cutoff)).param(MAX_ATTEMPTS).param(Timestamps.db(cutoff)).update();
    }

    /** The host name from the environment (no name lookup: that can stall a start for seconds) and the process id. */
    private static String node() {
        String host = System.getenv("HOSTNAME");
        return clip(host == null || host.isBlank() ? "node" : host, 32) + "/" + ProcessHandle.current().pid();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
