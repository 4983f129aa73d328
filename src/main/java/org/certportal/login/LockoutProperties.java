package org.certportal.login;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Lockout after the seed article: {@code max-failures} consecutive failures lock an account for
 * {@code duration}; after {@code permanent-after} consecutive failures across automatic unlocks
 * (NIST SP 800-63B-4 caps failed attempts at 100) it stays locked until support steps in.
 */
@Validated
@ConfigurationProperties("certportal.lockout")
public record LockoutProperties(
        @Min(1) @Max(100) @DefaultValue("5") int maxFailures,
        @NotNull @DefaultValue("PT1H") Duration duration,
        @Min(1) @Max(100) @DefaultValue("100") int permanentAfter,
        /** Devices that signed in before keep their own count (OWASP device cookies). */
        @DefaultValue("true") boolean deviceCookies,
        @NotNull @DefaultValue("P365D") Duration deviceCookieLifetime,
        /** How long a sign-in waits for other in-flight checks of the same account before giving up. */
        @NotNull @DefaultValue("PT30S") Duration inFlightWait) {

    public LockoutProperties {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("certportal.lockout.duration must be positive, e.g. PT1H");
        }
        if (deviceCookieLifetime != null && (deviceCookieLifetime.isNegative() || deviceCookieLifetime.isZero())) {
            throw new IllegalArgumentException("certportal.lockout.device-cookie-lifetime must be positive");
        }
        if (inFlightWait != null && inFlightWait.isNegative()) {
            throw new IllegalArgumentException("certportal.lockout.in-flight-wait must not be negative");
        }
    }
}
