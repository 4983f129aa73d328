package org.certportal.credential;

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
 * Temporary passwords: 100 random bits, stored only as a keyed hash (a fast hash is enough for a
 * random secret of that size, and it keeps the sign-in cost the same whether one is pending or not),
 * one per account, expiring, and usable for one sign-in.
 */
@Service
public class TemporaryPasswords {

    private static final String PURPOSE = "temporary-password";

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final RandomSecrets random;
    private final Clock clock;

    public TemporaryPasswords(JdbcClient jdbc, Secrets secrets, RandomSecrets random, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.random = random;
        this.clock = clock;
    }

    /** Issues a new temporary password (replacing any earlier one) and returns it: the only time it exists in clear. */
    public String issue(long accountId, Duration ttl) {
        String password = random.readablePassword(4);
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM temporary_password WHERE account_id = ?").param(accountId).update();
        jdbc.sql("INSERT INTO temporary_password (account_id, password_hash, created_at, expires_at) VALUES (?,?,?,?)")
                .param(accountId).param(hash(accountId, password)).param(Timestamps.db(now)).param(Timestamps.db(now.plus(ttl))).update();
        return password;
    }

    /** Signs in with the temporary password: true exactly once, while it has not expired. */
    public boolean consume(long accountId, CharSequence candidate) {
        if (candidate == null || candidate.length() > 64) {
            return false;
        }
        Instant now = clock.instant();
        return jdbc.sql("UPDATE temporary_password SET used_at = ? WHERE account_id = ? AND password_hash = ? AND used_at IS NULL AND expires_at > ?")
                .param(Timestamps.db(now)).param(accountId).param(hash(accountId, candidate)).param(Timestamps.db(now))
                .update() == 1;
    }

    /** On the change-password page: is this the temporary password that was used to sign in, still within its life? */
    public boolean matchesUsed(long accountId, CharSequence candidate) {
        if (candidate == null || candidate.length() > 64) {
            return false;
        }
        Optional<String> stored = jdbc.sql("SELECT password_hash FROM temporary_password WHERE account_id = ? AND used_at IS NOT NULL AND expires_at > ?")
                .param(accountId).param(Timestamps.db(clock.instant())).query(String.class).optional();
        return stored.isPresent() && Secrets.sameHash(stored.get(), hash(accountId, candidate));
    }

    public boolean isTemporary(long accountId, CharSequence candidate) {
        if (candidate == null || candidate.length() > 64) {
            return false;
        }
        Optional<String> stored = jdbc.sql("SELECT password_hash FROM temporary_password WHERE account_id = ?")
                .param(accountId).query(String.class).optional();
        return stored.isPresent() && Secrets.sameHash(stored.get(), hash(accountId, candidate));
    }

    public boolean hasPending(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM temporary_password WHERE account_id = ? AND used_at IS NULL AND expires_at > ?")
                .param(accountId).param(Timestamps.db(clock.instant())).query(Long.class).single() > 0;
    }

    public void clear(long accountId) {
        jdbc.sql("DELETE FROM temporary_password WHERE account_id = ?").param(accountId).update();
    }

    private String hash(long accountId, CharSequence raw) {
        return secrets.keyedHash(PURPOSE, accountId + ":" + normalize(raw));
    }

    /** People retype what they read: ignore case, spaces and dashes in a temporary password. */
    private static String normalize(CharSequence candidate) {
        return candidate.toString().replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT)
                .replace('O', '0').replace('I', '1').replace('L', '1');
    }
}
