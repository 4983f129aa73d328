package org.certportal.factor;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.certportal.platform.Secrets;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Recovery codes: 10 per account, each 12 characters of Crockford's base32 (60 bits, above the
 * 50 the issue asks for), printed as XXXX-XXXX-XXXX. Only a keyed hash of each is stored; a use is
 * one conditional UPDATE (used once, on every node); a new set replaces the old one.
 */
@Service
public class RecoveryCodes {

    static final int COUNT = 10;
    static final int LENGTH = 12;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RecoveryCodes(JdbcClient jdbc, Secrets secrets, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A new set for the account (the old codes stop working); the codes, to be shown once. */
    List<String> replace(long accountId) {
        jdbc.sql("DELETE FROM recovery_code WHERE account_id = ?").param(accountId).update();
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            String code = generate();
            codes.add(code);
            jdbc.sql("INSERT INTO recovery_code (account_id, code_hash, created_at) VALUES (?,?,?)")
                    .param(accountId).param(hash(accountId, normalize(code))).param(Timestamps.db(clock.instant())).update();
        }
        return codes;
    }

    /** Whether {@code code} is an unused code of the account; if so it is used now. */
    boolean use(long accountId, String code) {
        String normal = normalize(code);
        if (normal == null) {
            return false;
        }
        return jdbc.sql("UPDATE recovery_code SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL")
                .param(Timestamps.db(clock.instant())).param(accountId).param(hash(accountId, normal)).update() == 1;
    }

    public int remaining(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM recovery_code WHERE account_id = ? AND used_at IS NULL").param(accountId).query(Long.class).single().intValue();
    }

    int removeAll(long accountId) {
        return jdbc.sql("DELETE FROM recovery_code WHERE account_id = ?").param(accountId).update();
    }

    String generate() {
        StringBuilder sb = new StringBuilder(LENGTH + 2);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /**
     * The code as stored: upper case, without hyphens or spaces, with the letters Crockford's base32
     * reads as digits (I, L as 1; O as 0); null when it cannot be a recovery code.
     */
    static String normalize(String code) {
        if (code == null || code.length() > 40) {
            return null;
        }
        StringBuilder sb = new StringBuilder(LENGTH);
        for (char c : code.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char d = c == 'I' || c == 'L' ? '1' : c == 'O' ? '0' : c;
            if (ALPHABET.indexOf(d) < 0) {
                return null;
            }
            sb.append(d);
        }
        return sb.length() == LENGTH ? sb.toString() : null;
    }

    private String hash(long accountId, String normalCode) {
        return secrets.keyedHash("recovery-code", accountId + ":" + normalCode);
    }
}
