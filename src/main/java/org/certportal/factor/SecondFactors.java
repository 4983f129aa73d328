package org.certportal.factor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.certportal.platform.Secrets;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * An account's confirmed second factors, in the database so that every node agrees: authenticator
 * apps in {@code second_factor}, passkeys in Spring Security's WebAuthn tables. An
 * authenticator app's secret is stored only AES-GCM encrypted with the master key ({@link Secrets}).
 * A code is accepted once: its time step must be later than the last step accepted for that app,
 * and the acceptance is one conditional UPDATE, so two nodes given the same code accept it once.
 */
@Service
public class SecondFactors {

    public static final String TOTP = "TOTP";
    public static final String PASSKEY = "PASSKEY";

    /**
     * A factor as pages show it: never the secret nor a public key. {@code credentialId} is a passkey's
     * (base64url) credential id, null for an authenticator app, whose key is {@code id}.
     */
    public record Factor(long id, String type, String name, Instant createdAt, Instant lastUsedAt, String credentialId) {

        public boolean passkey() {
            return credentialId != null;
        }
    }

    // Passkeys live in Spring Security's tables (V13), whose user entity carries the username as its name.
    private static final String PASSKEYS_OF_ACCOUNT = " FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id"
            + " JOIN account a ON a.username = e.name WHERE a.id = ?";

    private record Stored(long id, byte[] secret, long lastStep) {
    }

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final Clock clock;

    SecondFactors(JdbcClient jdbc, Secrets secrets, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Authenticator apps first, then passkeys, each in the order they were added. */
    public List<Factor> of(long accountId) {
        List<Factor> list = new ArrayList<>(jdbc.sql("SELECT id, type, name, created_at, last_used_at FROM second_factor WHERE account_id = ? ORDER BY id")
                .param(accountId)
                .query((rs, i) -> new Factor(rs.getLong("id"), rs.getString("type"), rs.getString("name"), Timestamps.instant(rs, "created_at"),
                        Timestamps.instant(rs, "last_used_at"), null))
                .list());
        list.addAll(jdbc.sql("SELECT c.credential_id, c.label, c.created, c.last_used" + PASSKEYS_OF_ACCOUNT + " ORDER BY c.created, c.credential_id")
                .param(accountId)
                .query((rs, i) -> new Factor(0, PASSKEY, rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), rs.getString(1)))
                .list());
        return list;
    }

    /** Whether the account has an authenticator app or a passkey. */
    public boolean hasAny(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM second_factor WHERE account_id = ?").param(accountId).query(Long.class).single() > 0
                || hasPasskey(accountId);
    }

    public boolean hasPasskey(long accountId) {
        return jdbc.sql("SELECT COUNT(*)" + PASSKEYS_OF_ACCOUNT).param(accountId).query(Long.class).single() > 0;
    }

    /** Removes one passkey of the account; false when it has no such passkey. */
    boolean removePasskey(long accountId, String credentialId) {
        return jdbc.sql("DELETE FROM user_credentials WHERE credential_id = ? AND user_entity_user_id IN"
                        + " (SELECT e.id FROM user_entities e JOIN account a ON a.username = e.name WHERE a.id = ?)")
                .param(credentialId).param(accountId).update() == 1;
    }

    /**
     * Removes every passkey of the account and its user entity, so that a passkey registered again
     * later gets a new user handle. How many passkeys there were.
     */
    int removePasskeys(long accountId) {
        int n = jdbc.sql("DELETE FROM user_credentials WHERE user_entity_user_id IN"
                        + " (SELECT e.id FROM user_entities e JOIN account a ON a.username = e.name WHERE a.id = ?)")
                .param(accountId).update();
        jdbc.sql("DELETE FROM user_entities WHERE name IN (SELECT username FROM account WHERE id = ?)").param(accountId).update();
        return n;
    }

    // Spring's JdbcUserCredentialRepository writes these columns as TIMESTAMP (no zone) through
    // java.sql.Timestamp, so they are read back the same way.
    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Stores a confirmed app; {@code acceptedStep} is the step of the code that confirmed it, so that code cannot sign in. */
    long addTotp(long accountId, String name, byte[] secret, long acceptedStep) {
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO second_factor (account_id, type, name, secret_encrypted, last_step, created_at, last_used_at) VALUES (?,?,?,?,?,?,?)")
                .param(accountId).param(TOTP).param(name).param(secrets.encrypt(secret)).param(acceptedStep)
                .param(Timestamps.db(now)).param(Timestamps.db(now)).update();
        return jdbc.sql("SELECT MAX(id) FROM second_factor WHERE account_id = ?").param(accountId).query(Long.class).single();
    }

    /** Whether {@code code} is a current code of one of the account's apps not accepted before; if so it is now used. */
    boolean useTotpCode(long accountId, String code) {
        if (!Totp.isCode(code)) {
            return false;
        }
        Instant now = clock.instant();
        List<Stored> apps = jdbc.sql("SELECT id, secret_encrypted, last_step FROM second_factor WHERE account_id = ? AND type = ?")
                .param(accountId).param(TOTP)
                .query((rs, i) -> new Stored(rs.getLong(1), secrets.decrypt(rs.getBytes(2)), rs.getLong(3)))
                .list();
        for (Stored app : apps) {
            OptionalLong step = Totp.matchingStep(app.secret(), code, now, app.lastStep());
            java.util.Arrays.fill(app.secret(), (byte) 0);
            if (step.isPresent()) {
                int n = jdbc.sql("UPDATE second_factor SET last_step = ?, last_used_at = ? WHERE id = ? AND last_step < ?")
                        .param(step.getAsLong()).param(Timestamps.db(now)).param(app.id()).param(step.getAsLong()).update();
                if (n == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes one factor of the account; false when it has no such factor. */
    boolean remove(long accountId, long factorId) {
        return jdbc.sql("DELETE FROM second_factor WHERE id = ? AND account_id = ?").param(factorId).param(accountId).update() == 1;
    }

    /** Removes every factor of the account, passkeys included; how many there were. */
    int removeAll(long accountId) {
        return jdbc.sql("DELETE FROM second_factor WHERE account_id = ?").param(accountId).update() + removePasskeys(accountId);
    }
}
