package org.certportal.audit;

/** The names of audit event types, in one place so that the console and the tests agree. */
public final class AuditTypes {
    public static final String SIGN_IN = "SIGN_IN";
    public static final String SIGN_OUT = "SIGN_OUT";
    public static final String ACCOUNT_CREATED = "ACCOUNT_CREATED";
    public static final String ACCOUNT_LOCKED = "ACCOUNT_LOCKED";
    public static final String ACCOUNT_UNLOCKED = "ACCOUNT_UNLOCKED";
    public static final String PASSWORD_CHANGED = "PASSWORD_CHANGED";
    public static final String PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED";
    public static final String PASSWORD_REHASHED = "PASSWORD_REHASHED";
    public static final String RECOVERY_REQUESTED = "RECOVERY_REQUESTED";
    public static final String RESET_LINK_SENT = "RESET_LINK_SENT";
    public static final String RESET_REFUSED_LOCKED = "RESET_REFUSED_LOCKED";
    public static final String TEMPORARY_PASSWORD_ISSUED = "TEMPORARY_PASSWORD_ISSUED";
    public static final String RESET_LINK_INVALID = "RESET_LINK_INVALID";
    public static final String USERNAME_REMINDER_SENT = "USERNAME_REMINDER_SENT";
    public static final String CONSOLE_ACTION = "CONSOLE_ACTION";
    public static final String ACCOUNT_DISABLED = "ACCOUNT_DISABLED";
    public static final String ACCOUNT_ENABLED = "ACCOUNT_ENABLED";
    public static final String ROLE_CHANGED = "ROLE_CHANGED";
    /** A request refused for want of a role (403). */
    public static final String ACCESS_DENIED = "ACCESS_DENIED";
    /** A form refused for a missing or wrong CSRF token (403). */
    public static final String CSRF_REFUSED = "CSRF_REFUSED";
    /** A request refused as malformed (400): too long, control characters, bad encoding, bad parameters. */
    public static final String INPUT_REFUSED = "INPUT_REFUSED";
    /** A session ended by its owner from the account page. */
    public static final String SESSION_ENDED = "SESSION_ENDED";

    /** The second step of a sign-in: an authenticator or recovery code after the password. */
    public static final String SECOND_FACTOR = "SECOND_FACTOR";
    public static final String SECOND_FACTOR_ADDED = "SECOND_FACTOR_ADDED";
    public static final String SECOND_FACTOR_REMOVED = "SECOND_FACTOR_REMOVED";
    public static final String RECOVERY_CODES_CREATED = "RECOVERY_CODES_CREATED";
    public static final String RECOVERY_CODE_USED = "RECOVERY_CODE_USED";

    private AuditTypes() {
    }
}
