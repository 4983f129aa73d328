package org.certportal.login;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Too many failed sign-ins from one address (password spraying). */
public class ThrottledSignInException extends AuthenticationException {

    private final transient Duration retryAfter;

    public ThrottledSignInException(Duration retryAfter) {
        super("throttled");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
