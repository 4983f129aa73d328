package org.certportal.audit;

/** How an event ended. The constant's name is the value stored in {@code audit_event.outcome}. */
public enum AuditOutcome {
    SUCCESS,
    /** Tried and failed, e.g. a wrong password. */
    FAILURE,
    /** Not allowed: a role, a CSRF token, malformed input, an account in the wrong state. */
    REFUSED,
    /** Refused because the account is locked, before any password check. */
    LOCKED,
    /** Nothing matched what was asked for (a recovery request for no account). */
    NO_MATCH,
    /** Refused by a rate limit. */
    THROTTLED
}
