package org.certportal.login;

/** Where a session stands with the account's second factor. */
public enum SecondFactorStep {
    /** The account has no second factor and its policy asks for none. */
    NONE,
    /** The account has a second factor and the session has given only the password: /login/second-factor. */
    ASKED,
    /** The account has a second factor and the session has given it. */
    PASSED,
    /** The policy asks for a second factor and the account has none yet: /account/security until it has. */
    ENROLL
}
