package org.certportal.audit;

import java.util.Objects;

/**
 * Who did it: a signed-in user or support agent (by username), the application itself, the
 * command line, or someone not identified. Distinct from {@link AuditSubject} on purpose.
 * The name is what {@code audit_event.actor} stores.
 */
public record AuditActor(String name) {

    private static final AuditActor SYSTEM = new AuditActor("system");
    private static final AuditActor CLI = new AuditActor("cli");
    private static final AuditActor SELF_SERVICE = new AuditActor("self-service");
    private static final AuditActor ANONYMOUS = new AuditActor("anonymous");
    private static final AuditActor NONE = new AuditActor(null);

    /** A person, by username: the account holder or a support agent. */
    public static AuditActor of(String username) {
        return new AuditActor(Objects.requireNonNull(username, "an audit actor needs a username; use anonymous() or none()"));
    }

    /** The application acting on its own: a lock after too many failures, a rehash, a policy check. */
    public static AuditActor system() {
        return SYSTEM;
    }

    /** An operator at the administration command line. */
    public static AuditActor cli() {
        return CLI;
    }

    /** A self-service request whose sender is not known to own the account (a username reminder). */
    public static AuditActor selfService() {
        return SELF_SERVICE;
    }

    /** A request without a signed-in user, refused by the web layer. */
    public static AuditActor anonymous() {
        return ANONYMOUS;
    }

    /** Nobody recorded: a sign-in attempt or a recovery request before anyone is identified (stored as NULL). */
    public static AuditActor none() {
        return NONE;
    }
}
