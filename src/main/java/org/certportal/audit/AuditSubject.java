package org.certportal.audit;

/**
 * Whom an event is about: an account (id and username), a username that was typed in but may name
 * no account, or no one. A type of its own, distinct from {@link AuditActor}, so that "about whom"
 * and "by whom" cannot be swapped at a call site.
 */
public record AuditSubject(Long accountId, String username) {

    private static final AuditSubject NONE = new AuditSubject(null, null);

    /** An existing account. */
    public static AuditSubject of(long accountId, String username) {
        return new AuditSubject(accountId, username);
    }

    /** A username as typed by a client, with no account behind it (or none looked up). */
    public static AuditSubject claimed(String username) {
        return new AuditSubject(null, username);
    }

    /** About no account in particular (e.g. a link that matched nothing). */
    public static AuditSubject none() {
        return NONE;
    }
}
