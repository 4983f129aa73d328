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
    private final RecoverySignal signal;

    RecoveryRequests(JdbcClient jdbc, Clock clock, RecoverySignal signal) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.signal = signal;
    }

    void submit(String kind, String username, String email, String clientAddress, String locale) {
        jdbc.sql("INSERT INTO recovery_request (kind, username, email, client_address, locale, requested_at) VALUES (?,?,?,?,?,?)")
                .param(kind).param(clip(username, 256)).param(clip(email, 320)).param(clip(clientAddress, 64)).param(clip(locale, 16))
                .param(Timestamps.db(clock.instant())).update();
        signal.wake();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
