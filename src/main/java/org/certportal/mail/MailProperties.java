package org.certportal.mail;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

@Validated
@ConfigurationProperties("certportal.mail")
public record MailProperties(
        @NotBlank @DefaultValue("Certificate Services <no-reply@localhost>") String from,
        /** Attempts before a message is marked failed and shown as such in the console. */
        @Min(1) @Max(100) @DefaultValue("12") int maxAttempts,
        @NotNull @DefaultValue("PT5S") Duration firstRetryDelay,
        @NotNull @DefaultValue("PT30M") Duration maxRetryDelay,
        @NotNull @DefaultValue("PT1S") Duration pollInterval,
        /** false in the administration commands: the running portal delivers what they queue. */
        @DefaultValue("true") boolean dispatcherEnabled,
        /** The embedded SMTP server when spring.mail.host is unset; port 0 picks a free one. */
        @DefaultValue("true") boolean embeddedSmtp,
        @Min(0) @Max(65535) @DefaultValue("0") int embeddedSmtpPort) {

    public MailProperties {
        if (firstRetryDelay != null && (firstRetryDelay.isNegative() || firstRetryDelay.isZero())) {
            throw new IllegalArgumentException("certportal.mail.first-retry-delay must be positive");
        }
    }
}
