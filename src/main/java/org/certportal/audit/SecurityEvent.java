package org.certportal.audit;

import java.util.Objects;

/**
 * One security event to record: what ({@link AuditType}), how it ended ({@link AuditOutcome}),
 * about whom ({@link AuditSubject}), by whom ({@link AuditActor}), from which client address, and a
 * short detail that must never hold a secret (a password, a token, a link).
 *
 * <p>Built from the two things every event has, then named parts, so a call site reads
 * {@code SecurityEvent.of(ACCOUNT_DISABLED, SUCCESS).about(id, username).by(AuditActor.of(agent)).from(address)}
 * and cannot put a username where the actor belongs. Each step returns a new value.
 */
public record SecurityEvent(AuditType type, AuditOutcome outcome, AuditSubject subject, AuditActor actor, String clientAddress,
        String detail) {

    public SecurityEvent {
        Objects.requireNonNull(type, "a security event needs a type");
        Objects.requireNonNull(outcome, "a security event needs an outcome");
        subject = subject == null ? AuditSubject.none() : subject;
        actor = actor == null ? AuditActor.none() : actor;
    }

    /** An event about no one, by no one, from nowhere, until said otherwise. */
    public static SecurityEvent of(AuditType type, AuditOutcome outcome) {
        return new SecurityEvent(type, outcome, AuditSubject.none(), AuditActor.none(), null, null);
    }

    public SecurityEvent about(AuditSubject subject) {
        return new SecurityEvent(type, outcome, subject, actor, clientAddress, detail);
    }

    /** About an existing account. */
    public SecurityEvent about(long accountId, String username) {
        return about(AuditSubject.of(accountId, username));
    }

    public SecurityEvent by(AuditActor actor) {
        return new SecurityEvent(type, outcome, subject, actor, clientAddress, detail);
    }

    public SecurityEvent from(String clientAddress) {
        return new SecurityEvent(type, outcome, subject, actor, clientAddress, detail);
    }

    public SecurityEvent detail(String detail) {
        return new SecurityEvent(type, outcome, subject, actor, clientAddress, detail);
    }
}
