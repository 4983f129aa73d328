package org.certportal.platform;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a start waits for a database server that does not answer yet ({@link DatabaseStartWait}).
 * Nodes and their PostgreSQL often start together (a reboot, a compose file): a minute covers a
 * PostgreSQL start with crash recovery, and is short enough that a wrong URL is reported while the
 * operator still watches.
 */
@Validated
@ConfigurationProperties("certportal.database")
public record DatabaseStartProperties(
        /** 0 tries once and gives up at once; at most an hour, so that a wrong URL never hangs a start for good. */
        @NotNull @DefaultValue("PT60S") Duration startupWait,
        /** The first pause between tries; it doubles up to {@code startup-retry-max}. */
        @NotNull @DefaultValue("PT1S") Duration startupRetryFirst,
        @NotNull @DefaultValue("PT10S") Duration startupRetryMax) {

    public DatabaseStartProperties {
        if (startupWait != null && (startupWait.isNegative() || startupWait.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("certportal.database.startup-wait must be between 0 and PT1H, was " + startupWait);
        }
        if (startupRetryFirst != null && (startupRetryFirst.isNegative() || startupRetryFirst.isZero())) {
            throw new IllegalArgumentException("certportal.database.startup-retry-first must be positive, was " + startupRetryFirst);
        }
        if (startupRetryFirst != null && startupRetryMax != null && startupRetryMax.compareTo(startupRetryFirst) < 0) {
            throw new IllegalArgumentException("certportal.database.startup-retry-max must be at least startup-retry-first, was " + startupRetryMax);
        }
    }
}
