package org.certportal.account.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountStatus;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class AccountRepository {

    private static final String COLUMNS = "id, username, email, display_name, role, status, password_hash, must_change_password, "
            + "must_change_reason, locale, time_zone, created_at, password_changed_at, last_login_at, policy_fingerprint";

    private final JdbcClient jdbc;

    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE username_key = ?")
                .param(Account.usernameKey(username)).query(AccountRepository::map).optional();
    }

    public Optional<Account> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?").param(id).query(AccountRepository::map).optional();
    }

    public List<Account> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE email_key = ? ORDER BY username_key")
                .param(Account.emailKey(email)).query(AccountRepository::map).list();
    }

    public List<Account> search(String fragment, int limit) {
        String like = "%" + fragment.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE username_key LIKE ? ESCAPE '\\' OR email_key LIKE ? ESCAPE '\\' ORDER BY username_key")
                .param(like).param(like).query(AccountRepository::map).list().stream().limit(limit).toList();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();
    }

    public long insert(NewAccount a, AccountStatus status, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO account (username, username_key, email, email_key, display_name, role, status, password_hash, "
                        + "must_change_password, must_change_reason, created_at, password_changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
                .param(a.username().trim()).param(Account.usernameKey(a.username())).param(a.email().trim()).param(Account.emailKey(a.email()))
                .param(a.displayName()).param(a.role().name()).param(status.name()).param(a.passwordHash())
                .param(a.mustChangePassword()).param(a.mustChangeReason()).param(Timestamps.db(now))
                .param(a.passwordHash() == null ? null : Timestamps.db(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    public void markPolicyChecked(long id, String fingerprint) {
        jdbc.sql("UPDATE account SET policy_fingerprint = ? WHERE id = ?").param(fingerprint).param(id).update();
    }

    public void updatePassword(long id, String hash, Instant now) {
        jdbc.sql("UPDATE account SET password_hash = ?, password_changed_at = ?, must_change_password = FALSE, must_change_reason = NULL, policy_fingerprint = NULL, "
                        + "status = CASE WHEN status = 'PENDING_SETUP' THEN 'ACTIVE' ELSE status END WHERE id = ?")
                .param(hash).param(Timestamps.db(now)).param(id).update();
    }

    /** Replaces the hash only if it is still the one that was checked: a concurrent password change wins. */
    public boolean rehash(long id, String oldHash, String newHash) {
        return jdbc.sql("UPDATE account SET password_hash = ? WHERE id = ? AND password_hash = ?")
                .param(newHash).param(id).param(oldHash).update() == 1;
    }

    public void requirePasswordChange(long id, String reason) {
        jdbc.sql("UPDATE account SET must_change_password = TRUE, must_change_reason = ? WHERE id = ?").param(reason).param(id).update();
    }

    /** Writes only when the stored language differs, so an unchanged language costs no row version or lock wait. */
    public void updateLocale(long id, String locale) {
        jdbc.sql("UPDATE account SET locale = ? WHERE id = ? AND (locale IS NULL OR locale <> ?)").param(locale).param(id).param(locale).update();
    }

    public void recordSignIn(long id, Instant now) {
        jdbc.sql("UPDATE account SET last_login_at = ? WHERE id = ?").param(Timestamps.db(now)).param(id).update();
    }

    public void updateStatus(long id, AccountStatus status) {
        jdbc.sql("UPDATE account SET status = ? WHERE id = ?").param(status.name()).param(id).update();
    }

    public void updateRole(long id, Role role) {
        jdbc.sql("UPDATE account SET role = ? WHERE id = ?").param(role.name()).param(id).update();
    }

    /**
     * Locks the rows of the active administrators until the transaction ends and counts them: two
     * concurrent demotions of the last two administrators then run one after the other, and the
     * second sees that only one is left.
     */
    public int lockActiveAdmins() {
        return jdbc.sql("SELECT id FROM account WHERE role = 'ADMIN' AND status = 'ACTIVE' ORDER BY id FOR UPDATE").query(Long.class).list().size();
    }

    public void addHistory(long id, String hash, Instant now) {
        jdbc.sql("INSERT INTO password_history (account_id, password_hash, created_at) VALUES (?,?,?)")
                .param(id).param(hash).param(Timestamps.db(now)).update();
    }

    public List<String> history(long id, int limit) {
        return jdbc.sql("SELECT password_hash FROM password_history WHERE account_id = ? ORDER BY created_at DESC, id DESC")
                .param(id).query(String.class).list().stream().limit(limit).toList();
    }

    static Account map(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("email"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), AccountStatus.valueOf(rs.getString("status")), rs.getString("password_hash"),
                rs.getBoolean("must_change_password"), rs.getString("must_change_reason"), rs.getString("locale"), rs.getString("time_zone"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "password_changed_at"), Timestamps.instant(rs, "last_login_at"),
                rs.getString("policy_fingerprint"));
    }
}
