package org.certportal.credential;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
        @Valid @DefaultValue Argon2 argon2,
        @Valid @DefaultValue Pwned pwned,
        /**
         * The longest a new sign-in may expect to wait for its hash; beyond it the sign-in is refused at
         * once with "busy, try again in a minute" (503) instead of queueing until the browser gives up.
         * 0 = never refuse. See {@link HashBacklog}.
         */
        @NotNull @DefaultValue("PT5S") Duration maxQueueWait) {

    /** The constructor the binder uses (a record with two constructors must name it). */
    @ConstructorBinding
    public PasswordProperties {
        if (maxQueueWait != null && (maxQueueWait.isNegative() || maxQueueWait.compareTo(Duration.ofMinutes(5)) > 0)) {
            throw new IllegalArgumentException("certportal.password.max-queue-wait must be between 0 (never refuse) and PT5M, was " + maxQueueWait);
        }
    }

    /** With the default max-queue-wait, for code and tests that run without Spring. */
    public PasswordProperties(int minLength, int maxLength, int historySize, int maxConcurrentHashes, Argon2 argon2, Pwned pwned) {
        this(minLength, maxLength, historySize, maxConcurrentHashes, argon2, pwned, Duration.ofSeconds(5));
    }

    public record Argon2(
            @Min(value = 7168, message = "must be at least 7168 KiB (OWASP)") @Max(4194304) @DefaultValue("19456") int memoryKib,
            @Min(1) @Max(100) @DefaultValue("2") int iterations,
            @Min(1) @Max(64) @DefaultValue("1") int parallelism,
            /**
             * Who computes the hash: {@code native} = the system's libargon2 (the start fails without it),
             * {@code java} = BouncyCastle, {@code auto} = libargon2 when it loads, BouncyCastle otherwise.
             * The stored strings are the same either way.
             */
            @NotNull @DefaultValue("auto") Implementation implementation) {

        /** The constructor the binder uses (a record with two constructors must name it). */
        @ConstructorBinding
        public Argon2 {
        }

        public Argon2(int memoryKib, int iterations, int parallelism) {
            this(memoryKib, iterations, parallelism, Implementation.AUTO);
        }
    }

    public enum Implementation {
        AUTO, NATIVE, JAVA
    }

    /**
     * The optional check against the Pwned Passwords range API: off by default; only the first 5 hex
     * characters of the password's SHA-1 leave the machine (k-anonymity). With {@code fail-open} an
     * unreachable service lets the password through; without it the password is refused until the
     * service answers. Sign-in never forces a change because of an outage.
     */
    public record Pwned(
            @DefaultValue("false") boolean enabled,
            @NotNull @DefaultValue("https://api.pwnedpasswords.com/range/") URI url,
            @NotNull @DefaultValue("PT2S") Duration timeout,
            @DefaultValue("true") boolean failOpen) {

        public Pwned {
            if (url != null && !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException("certportal.password.pwned.url must be an http(s) URL such as https://api.pwnedpasswords.com/range/");
            }
            if (timeout != null && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(30)) > 0)) {
                throw new IllegalArgumentException("certportal.password.pwned.timeout must be between PT0.001S and PT30S");
            }
        }

        public static Pwned disabled() {
            return new Pwned(false, URI.create("https://api.pwnedpasswords.com/range/"), Duration.ofSeconds(2), true);
        }
    }

    /** The defaults of every property, for code and tests that run without Spring. */
    public static PasswordProperties defaults() {
        return new PasswordProperties(15, 1024, 5, 0, new Argon2(19456, 2, 1, Implementation.AUTO), Pwned.disabled(), Duration.ofSeconds(5));
    }

    public int effectiveConcurrency() {
        return maxConcurrentHashes > 0 ? maxConcurrentHashes : Runtime.getRuntime().availableProcessors();
    }
}
