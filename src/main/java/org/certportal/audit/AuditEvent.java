package org.certportal.audit;

import java.time.Instant;

/** One security event: who, what, when, from where, and how it ended. */
public record AuditEvent(
        long id,
        Instant at,
        String type,
        String outcome,
        Long accountId,
        String username,
        String actor,
        String clientAddress,
        String detail) {
}
