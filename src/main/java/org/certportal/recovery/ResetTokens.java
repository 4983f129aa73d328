package org.certportal.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.certportal.platform.RandomSecrets;
import org.certportal.platform.Secrets;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Emailed one-time links (Ory Kratos' shape): 256 random bits, stored only as a keyed hash,
 * expiring, superseded by a newer link of the same purpose, and used by one conditional UPDATE
 * whose row count decides which of two concurrent uses wins.
 */
@Service
public class ResetTokens {

    public static final String RESET = "RESET";
    public static final String SETUP = "SETUP";
    private static final int TOKEN_BYTES = 32;

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final RandomSecrets random;
    private final Clock clock;

    public ResetTokens(JdbcClient jdbc, Secrets secrets, RandomSecrets random, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.random = random;
        this.clock = clock;
    }

    /** A new token for the account; earlier unused tokens of the same purpose stop working. */
    public String issue(long accountId, String purpose, Duration ttl) {
        return issue(accountId, purpose, ttl, null);
    }

    /**
     * A new token that remembers {@code language}, the page's where it was asked for (a BCP 47 tag,
     * or null): the emails its use sends speak it ({@link #language(String)}).
     */
    public String issue(long accountId, String purpose, Duration ttl, String language) {
        return issue(accountId, purpose, ttl, language, null);
    }

    /** As above, remembering the single sign-on client the reset was asked for inside ({@link #clientId(String)}), or null. */
    public String issue(long accountId, String purpose, Duration ttl, String language, String clientId) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE reset_token SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL")
                .param(Timestamps.db(now)).param(accountId).param(purpose).update();
        String token = random.urlToken(TOKEN_BYTES);
        String tag = language == null || language.isBlank() || language.length() > 16 ? null : language;
        jdbc.sql("INSERT INTO reset_token (account_id, purpose, token_hash, created_at, expires_at, locale, client_id) VALUES (?,?,?,?,?,?,?)")
                .param(accountId).param(purpose).param(hash(token)).param(Timestamps.db(now)).param(Timestamps.db(now.plus(ttl))).param(tag)
                .param(clientId).update();
        return token;
    }

    /** The language the token was asked for in, if it remembers one (used or not: it is read after the use). */
    public Optional<String> language(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT locale FROM reset_token WHERE token_hash = ?").param(hash(token)).query(String.class).optional();
    }

    /** The client whose sign-in the reset was asked for inside, if any (used or not: it is read after the use). */
    public Optional<String> clientId(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT client_id FROM reset_token WHERE token_hash = ?").param(hash(token)).query(String.class).optional();
    }

    /** The account a token belongs to, if it is still usable; reads only. */
    public Optional<Long> peek(String token, String purpose) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT account_id FROM reset_token WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?")
                .param(hash(token)).param(purpose).param(Timestamps.db(clock.instant())).query(Long.class).optional();
    }

    /** Uses a token: the account id exactly once, for the first caller, while it has not expired. */
    public Optional<Long> consume(String token, String purpose) {
        Optional<Long> account = peek(token, purpose);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        int won = jdbc.sql("UPDATE reset_token SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?")
                .param(Timestamps.db(now)).param(hash(token)).param(purpose).param(Timestamps.db(now)).update();
        return won == 1 ? account : Optional.empty();
    }

    public boolean hasPending(long accountId, String purpose) {
        return jdbc.sql("SELECT COUNT(*) FROM reset_token WHERE account_id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?")
                .param(accountId).param(purpose).param(Timestamps.db(clock.instant())).query(Long.class).single() > 0;
    }

    public Optional<Instant> pendingUntil(long accountId, String purpose) {
        return jdbc.sql("SELECT MAX(expires_at) AS expires_at FROM reset_token WHERE account_id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?")
                .param(accountId).param(purpose).param(Timestamps.db(clock.instant()))
                .query((rs, i) -> Timestamps.instant(rs, "expires_at")).optional();
    }

    /** After a password change every outstanding link of the account is void. */
    public void revokeAll(long accountId) {
        jdbc.sql("UPDATE reset_token SET used_at = ? WHERE account_id = ? AND used_at IS NULL")
                .param(Timestamps.db(clock.instant())).param(accountId).update();
    }

    static boolean wellFormed(String token) {
        return token != null && token.length() >= 20 && token.length() <= 64 && token.matches("[A-Za-z0-9_-]+");
    }

    private String hash(String token) {
        return secrets.keyedHash("reset-token", token);
    }
}
