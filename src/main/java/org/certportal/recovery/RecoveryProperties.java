package org.certportal.recovery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

@Validated
@ConfigurationProperties("certportal.recovery")
public record RecoveryProperties(
        @NotNull @DefaultValue("PT1H") Duration linkTtl,
        @NotNull @DefaultValue("PT1H") Duration temporaryPasswordTtl,
        @NotNull @DefaultValue("P7D") Duration setupLinkTtl,
        /** How often pending requests are processed: on a schedule of its own, never woken by a request. */
        @NotNull @DefaultValue("PT1S") Duration pollInterval,
        /**
         * How long a node's claim on a request holds. A node that dies leaves its requests to the
         * others (or to its own next start) after this; handling one request takes milliseconds.
         */
        @NotNull @DefaultValue("PT2M") Duration lease,
        /** false in the administration commands: the running portal processes requests. */
        @DefaultValue("true") boolean workerEnabled) {

    public RecoveryProperties {
        requirePositive("certportal.recovery.link-ttl", linkTtl);
        requirePositive("certportal.recovery.temporary-password-ttl", temporaryPasswordTtl);
        requirePositive("certportal.recovery.setup-link-ttl", setupLinkTtl);
        requirePositive("certportal.recovery.poll-interval", pollInterval);
        requirePositive("certportal.recovery.lease", lease);
    }

    private static void requirePositive(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " must be a positive duration such as PT1H");
        }
    }
}
