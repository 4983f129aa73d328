package org.certportal.web;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code certportal.session.absolute-timeout}: however active, a session ends this long after its
 * sign-in (OWASP ASVS 7.3.2). The idle timeout ({@code spring.session.timeout}) alone would let a
 * session that is used every few minutes, or a stolen cookie kept warm by a script, live for ever.
 */
@Validated
@ConfigurationProperties("certportal.session")
public record SessionProperties(@NotNull @DefaultValue("PT12H") Duration absoluteTimeout) {

    @AssertTrue(message = "certportal.session.absolute-timeout must be between 5 minutes (PT5M) and 30 days (P30D)")
    public boolean isAbsoluteTimeoutSane() {
        return absoluteTimeout == null || (absoluteTimeout.compareTo(Duration.ofMinutes(5)) >= 0 && absoluteTimeout.compareTo(Duration.ofDays(30)) <= 0);
    }
}
