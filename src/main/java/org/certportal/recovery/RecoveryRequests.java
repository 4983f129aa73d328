package org.certportal.recovery;

import java.time.Clock;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The only thing the request itself does: one INSERT, the same for every input. Looking up the
 * account, throttling and emailing all happen in {@link RecoveryWorker}, after the answer, so
 * neither the answer nor its timing depends on whether an account exists.
 */
@Component
class RecoveryRequests {

    static final String RESET = "RESET";
    static final String USERNAME = "USERNAME";

    private final JdbcClient jdbc;
    private final Clock clock;

    RecoveryRequests(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void submit(String kind, String username, String email, String clientAddress, String locale) {
        jdbc.sql("INSERT INTO recovery_request (kind, username, email, client_address, locale, requested_at) VALUES (?,?,?,?,?,?)")
                .param(kind).param(clip(username, 256)).param(clip(email, 320)).param(clip(clientAddress, 64)).param(clip(locale, 16))
                .param(Timestamps.db(clock.instant())).update();
        // Deliberately no wake-up of the worker: work started now would compete for the CPU with
        // the rest of this very response, and an existing account causes more work than an
        // unknown one. The worker's own schedule is independent of any one request.
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
