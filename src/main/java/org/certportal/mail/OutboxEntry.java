package org.certportal.mail;

import java.time.Instant;

/** What the console shows of one email: never its content. */
public record OutboxEntry(long id, String recipient, String template, String status, int attempts, Instant createdAt,
        Instant sentAt, Instant nextAttemptAt, String lastError) {
}
