package org.certportal.oidc;

import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code sub} of an account: a random UUID made at its first single sign-on and kept for good.
 * Never the username or the email: a subject must not be guessable from public data, and must stay
 * the same when an address changes or is given to someone else.
 */
@Component
public class Subjects {

    private final JdbcClient jdbc;

    Subjects(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String of(long accountId) {
        var existing = find(accountId);
        if (existing != null) {
            return existing;
        }
        try {
            jdbc.sql("INSERT INTO oidc_subject (account_id, subject) VALUES (?, ?)").param(accountId).param(UUID.randomUUID().toString()).update();
        } catch (DuplicateKeyException anotherRequestWasFirst) {
            // two sign-ins of the same account at once (or on two nodes): theirs stays
        }
        return find(accountId);
    }

    private String find(long accountId) {
        return jdbc.sql("SELECT subject FROM oidc_subject WHERE account_id = ?").param(accountId).query(String.class).optional().orElse(null);
    }
}
