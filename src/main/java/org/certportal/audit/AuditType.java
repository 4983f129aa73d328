package org.certportal.audit;

/**
 * What happened. The constant's name is the value stored in {@code audit_event.type}, so renaming a
 * constant renames a stored value: add a new one instead.
 */
public enum AuditType {
    SIGN_IN,
    SIGN_OUT,
    ACCOUNT_CREATED,
    ACCOUNT_LOCKED,
    ACCOUNT_UNLOCKED,
    PASSWORD_CHANGED,
    PASSWORD_CHANGE_REQUIRED,
    PASSWORD_REHASHED,
    RECOVERY_REQUESTED,
    RESET_LINK_SENT,
    RESET_REFUSED_LOCKED,
    TEMPORARY_PASSWORD_ISSUED,
    RESET_LINK_INVALID,
    USERNAME_REMINDER_SENT,
    CONSOLE_ACTION,
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    ROLE_CHANGED,
    /** A request refused for want of a role (403). */
    ACCESS_DENIED,
    /** A form refused for a missing or wrong CSRF token (403). */
    CSRF_REFUSED,
    /** A request refused as malformed (400): too long, control characters, bad encoding, bad parameters. */
    INPUT_REFUSED,
    /** A session ended by its owner from the account page. */
    SESSION_ENDED,
    /** The second step of a sign-in: an authenticator or recovery code after the password. */
    SECOND_FACTOR,
    SECOND_FACTOR_ADDED,
    SECOND_FACTOR_REMOVED,
    RECOVERY_CODES_CREATED,
    RECOVERY_CODE_USED,
    /** An OpenID Connect client registered (command line or console). */
    OIDC_CLIENT_ADDED,
    OIDC_CLIENT_REMOVED,
    /** The provider's signing key replaced by a new one. */
    OIDC_KEY_ROTATED,
    /** Single sign-on: an ID token issued to a client for the account (detail: the client and how the person signed in). */
    OIDC_SIGN_IN,
    /** Single sign-on: the account's owner removed an application's access (its tokens and consent) from /account/applications. */
    OIDC_ACCESS_REMOVED
}
