package org.certportal.throttle;

import java.time.Duration;

/** Too many requests from one address: answered with 429 and Retry-After. */
public class ThrottledException extends RuntimeException {

    private final Duration retryAfter;

    public ThrottledException(Duration retryAfter) {
        super("too many requests");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
