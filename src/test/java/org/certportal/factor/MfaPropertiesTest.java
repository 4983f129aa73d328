package org.certportal.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.certportal.account.Account;
import org.certportal.account.AccountStatus;
import org.certportal.account.Role;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** certportal.mfa.*: the defaults, "empty turns it off", required-for-all, and a bad value stops the start. */
class MfaPropertiesTest {

    @Configuration
    @EnableConfigurationProperties(MfaProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class)).withUserConfiguration(Settings.class);

    private static Account with(Role role) {
        return new Account(1, "u", "u@example.com", null, role, AccountStatus.ACTIVE, "h", false, null, "en", null, Instant.EPOCH, null, null, null);
    }

    @Test
    void byDefaultSupportAndAdministratorsNeedASecondFactorAndUsersDoNot() {
        runner.run(context -> {
            MfaProperties p = context.getBean(MfaProperties.class);
            assertThat(p.requires(with(Role.SUPPORT))).isTrue();
            assertThat(p.requires(with(Role.ADMIN))).isTrue();
            assertThat(p.requires(with(Role.USER))).isFalse();
            assertThat(p.issuer()).isEqualTo("Certificate Services");
        });
    }

    @Test
    void anEmptyListTurnsItOffAndRequiredForAllTurnsItOnForEveryone() {
        runner.withPropertyValues("certportal.mfa.required-roles=").run(context ->
                assertThat(context.getBean(MfaProperties.class).requires(with(Role.ADMIN))).isFalse());
        runner.withPropertyValues("certportal.mfa.required-roles=", "certportal.mfa.required-for-all=true").run(context ->
                assertThat(context.getBean(MfaProperties.class).requires(with(Role.USER))).isTrue());
    }

    @Test
    void anUnknownRoleOrAnIssuerWithAColonStopsTheStart() {
        runner.withPropertyValues("certportal.mfa.required-roles=ROOT").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("certportal.mfa.required-roles"));
        runner.withPropertyValues("certportal.mfa.issuer=a:b").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("must not contain a colon"));
    }
}
