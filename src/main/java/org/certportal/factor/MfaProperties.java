package org.certportal.factor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who must have a second factor. {@code required-roles} (default SUPPORT,ADMIN: the accounts that
 * can act on others', as the CA/Browser Forum's network security requirements ask; empty turns it
 * off) and {@code required-for-all}. {@code issuer} is the name authenticator apps show beside the
 * username. A role that does not exist stops the start with Spring Boot's binding message.
 */
@Validated
@ConfigurationProperties("certportal.mfa")
public record MfaProperties(
        @NotNull @DefaultValue("SUPPORT,ADMIN") List<Role> requiredRoles,
        @DefaultValue("false") boolean requiredForAll,
        @NotBlank @Size(max = 64) @jakarta.validation.constraints.Pattern(regexp = "[^:]+", message = "must not contain a colon") @DefaultValue("Certificate Services") String issuer) {

    public MfaProperties {
        requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    }

    boolean requires(Account account) {
        return requiredForAll || Set.copyOf(requiredRoles).contains(account.role());
    }
}
