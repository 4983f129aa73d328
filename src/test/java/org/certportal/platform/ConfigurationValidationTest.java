package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.certportal.credential.PasswordProperties;
import org.certportal.login.LockoutProperties;
import org.certportal.recovery.RecoveryProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A bad setting stops the start with a message that names it. */
class ConfigurationValidationTest {

    @Configuration
    @EnableConfigurationProperties({PortalProperties.class, LockoutProperties.class, PasswordProperties.class, RecoveryProperties.class, DatabaseStartProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class)
            .withPropertyValues("certportal.base-url=http://localhost:8080", "certportal.data-dir=./data");

    @Test
    void theDefaultsStart() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LockoutProperties.class).maxFailures()).isEqualTo(5);
            assertThat(context.getBean(PasswordProperties.class).minLength()).isEqualTo(15);
            assertThat(context.getBean(PasswordProperties.class).argon2().memoryKib()).isEqualTo(19456);
        });
    }

    @Test
    void aNegativeDurationIsRefused() {
        runner.withPropertyValues("certportal.lockout.duration=-PT1H").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("certportal.lockout.duration must be positive"));
        runner.withPropertyValues("certportal.recovery.link-ttl=PT0S").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("certportal.recovery.link-ttl"));
    }

    @Test
    void aMinimumLengthBelowEightIsRefused() {
        runner.withPropertyValues("certportal.password.min-length=6").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("minLength").hasStackTraceContaining("must be at least 8"));
    }

    @Test
    void theArgon2ImplementationIsAutoByDefaultAndOnlyAutoNativeOrJavaStart() {
        runner.run(context -> assertThat(context.getBean(PasswordProperties.class).argon2().implementation())
                .isEqualTo(PasswordProperties.Implementation.AUTO));
        runner.withPropertyValues("certportal.password.argon2.implementation=java", "certportal.password.argon2.iterations=3").run(context -> {
            PasswordProperties.Argon2 a = context.getBean(PasswordProperties.class).argon2();
            assertThat(a.implementation()).isEqualTo(PasswordProperties.Implementation.JAVA);
            assertThat(a.iterations()).isEqualTo(3);
        });
        runner.withPropertyValues("certportal.password.argon2.implementation=native").run(context ->
                assertThat(context.getBean(PasswordProperties.class).argon2().implementation()).isEqualTo(PasswordProperties.Implementation.NATIVE));
        runner.withPropertyValues("certportal.password.argon2.implementation=fastest").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("certportal.password.argon2.implementation"));
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefused() {
        runner.withPropertyValues("certportal.base-url=ftp://example.com").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("certportal.base-url must be an absolute http:// or https:// URL"));
    }

    @Test
    void aDatabaseStartupWaitOutsideZeroToAnHourIsRefused() {
        runner.run(context -> assertThat(context.getBean(DatabaseStartProperties.class).startupWait()).hasSeconds(60));
        runner.withPropertyValues("certportal.database.startup-wait=PT2H").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("certportal.database.startup-wait must be between 0 and PT1H"));
        runner.withPropertyValues("certportal.database.startup-wait=-PT1S").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("certportal.database.startup-wait"));
        runner.withPropertyValues("certportal.database.startup-retry-first=PT0S").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("certportal.database.startup-retry-first must be positive"));
    }

    @Test
    void aMaxQueueWaitOutsideZeroToFiveMinutesIsRefused() {
        runner.run(context -> assertThat(context.getBean(PasswordProperties.class).maxQueueWait()).hasSeconds(5));
        runner.withPropertyValues("certportal.password.max-queue-wait=0").run(context ->
                assertThat(context.getBean(PasswordProperties.class).maxQueueWait()).isZero());
        runner.withPropertyValues("certportal.password.max-queue-wait=-PT1S").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("certportal.password.max-queue-wait must be between 0"));
        runner.withPropertyValues("certportal.password.max-queue-wait=PT10M").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("certportal.password.max-queue-wait must be between 0"));
    }
}
