package org.certportal.credential;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The password rules and the cost of hashing. Minimum 15 code points (NIST SP 800-63B-4 for a
 * password as the only factor); refusing a minimum below 8 at start keeps an operator from
 * configuring the portal below any published guidance.
 */
@Validated
@ConfigurationProperties("certportal.password")
public record PasswordProperties(
        @Min(value = 8, message = "must be at least 8 (NIST SP 800-63B-4)") @Max(64) @DefaultValue("15") int minLength,
        @Min(64) @Max(4096) @DefaultValue("1024") int maxLength,
        @Min(0) @Max(24) @DefaultValue("5") int historySize,
        /** Hashes computed at once; 0 = one per processor, so extra sign-ins queue instead of thrashing. */
        @Min(0) @Max(256) @DefaultValue("0") int maxConcurrentHashes,
        @Valid @DefaultValue Argon2 argon2) {

    public record Argon2(
            @Min(value = 7168, message = "must be at least 7168 KiB (OWASP)") @Max(4194304) @DefaultValue("19456") int memoryKib,
            @Min(1) @Max(100) @DefaultValue("2") int iterations,
            @Min(1) @Max(64) @DefaultValue("1") int parallelism) {
    }

    public int effectiveConcurrency() {
        return maxConcurrentHashes > 0 ? maxConcurrentHashes : Runtime.getRuntime().availableProcessors();
    }
}
