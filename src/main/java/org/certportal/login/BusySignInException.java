package org.certportal.login;

import org.springframework.security.core.AuthenticationException;

/**
 * A new sign-in refused before any check because the password-hash queue is longer than
 * {@code certportal.password.max-queue-wait}: answered 503 "busy, try again in a minute", not
 * "wrong username or password", and not counted as a failed attempt.
 */
public class BusySignInException extends AuthenticationException {

    public BusySignInException() {
        super("busy");
    }
}
