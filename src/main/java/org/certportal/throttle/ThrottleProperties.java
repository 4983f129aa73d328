package org.certportal.throttle;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits, counted in the database so that every node sees the same counts. The defaults
 * leave room for a whole office behind one address while stopping password spraying and
 * mailbox flooding.
 */
@Validated
@ConfigurationProperties("certportal.throttle")
public record ThrottleProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @Max(1_000_000) @DefaultValue("50") int signInFailuresPerAddress,
        @NotNull @DefaultValue("PT15M") Duration signInFailuresWindow,
        @Min(1) @Max(1_000_000) @DefaultValue("20") int recoveryRequestsPerAddress,
        @NotNull @DefaultValue("PT1H") Duration recoveryRequestsWindow,
        @Min(1) @Max(1000) @DefaultValue("3") int recoveryEmailsPerAccount,
        @NotNull @DefaultValue("PT1H") Duration recoveryEmailsWindow) {

    public ThrottleProperties {
        for (Duration d : new Duration[] {signInFailuresWindow, recoveryRequestsWindow, recoveryEmailsWindow}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("certportal.throttle.*-window must be a positive duration such as PT15M");
            }
        }
    }

    public Limit signInFailures() {
        return new Limit(signInFailuresPerAddress, signInFailuresWindow);
    }

    public Limit recoveryRequests() {
        return new Limit(recoveryRequestsPerAddress, recoveryRequestsWindow);
    }

    public Limit recoveryEmails() {
        return new Limit(recoveryEmailsPerAccount, recoveryEmailsWindow);
    }

    /** At most {@code count} hits per {@code window}. */
    public record Limit(int count, Duration window) {
    }
}
