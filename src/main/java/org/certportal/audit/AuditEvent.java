package org.certportal.audit;

import java.time.Instant;

/**
 * One security event as read back: who, what, when, from where, and how it ended. Type and outcome
 * stay the stored strings here, not {@link AuditType} and {@link AuditOutcome}: during a rolling
 * upgrade an older node reads rows that a newer one wrote, and a type it does not know yet must
 * still show in the console rather than fail the page.
 */
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
