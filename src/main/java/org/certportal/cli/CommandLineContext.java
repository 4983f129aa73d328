package org.certportal.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.certportal.account.AccountService;
import org.certportal.oidc.Clients;
import org.certportal.oidc.OidcStorageConfig;
import org.certportal.oidc.SigningKeys;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.certportal.audit.AuditLog;
import org.certportal.credential.PasswordHasher;
import org.certportal.credential.PasswordPolicy;
import org.certportal.credential.PasswordPolicyConfig;
import org.certportal.credential.PasswordProperties;
import org.certportal.credential.TemporaryPasswords;
import org.certportal.login.AccountLocks;
import org.certportal.login.LockoutProperties;
import org.certportal.login.SignInGuard;
import org.certportal.mail.AccountMail;
import org.certportal.mail.Outbox;
import org.certportal.platform.ClockConfig;
import org.certportal.platform.Display;
import org.certportal.platform.EmbeddedDatabaseConfig;
import org.certportal.platform.PortalProperties;
import org.certportal.platform.RandomSecrets;
import org.certportal.platform.Secrets;
import org.certportal.recovery.RecoveryProperties;
import org.certportal.recovery.RecoveryService;
import org.certportal.recovery.ResetTokens;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The administration commands' own Spring context: the database (the embedded H2 with the password
 * generated into the data dir, or PostgreSQL, whatever {@code spring.datasource.url} says), brought
 * to the newest migration by {@link CommandSchema} (Flyway only when the schema is behind), and the account, credential, audit and outbox beans the commands call. No web server, no workers
 * (outbox dispatcher, recovery worker, polling tasks), no embedded SMTP server: an email a command
 * queues (the account-setup link of {@code user add}) waits in the outbox for the running portal, or
 * the next start, to send it. Booting the whole portal for a command took about 10 s on 2 cores,
 * most of it loading the classes of beans and auto-configurations the command never used.
 *
 * <p>Every {@code @Component} of this package is a command bean (component scan). A new command
 * whose beans live elsewhere adds their class, or the configuration class that declares them, to
 * {@link Import @Import} below, and a new Spring Boot auto-configuration to
 * {@link ImportAutoConfiguration @ImportAutoConfiguration}: one line each.
 *
 * <p>Deliberately not a {@code @Configuration}: the portal's own component scan must not find this
 * class and pull the commands' imports into the portal's context. {@link SpringApplication} reads its
 * annotations all the same, as the primary source of the commands' context.
 */
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class, MessageSourceAutoConfiguration.class })
@EnableConfigurationProperties({ PortalProperties.class, PasswordProperties.class, LockoutProperties.class, RecoveryProperties.class })
@ComponentScan(basePackageClasses = { CommandLineContext.class, AccountService.class })
@Import({ ClockConfig.class, EmbeddedDatabaseConfig.class, Secrets.class, RandomSecrets.class, Display.class,
        AuditLog.class,
        PasswordHasher.class, PasswordPolicy.class, PasswordPolicyConfig.class, TemporaryPasswords.class,
        SignInGuard.class, AccountLocks.class,
        Outbox.class, AccountMail.class,
        ResetTokens.class, RecoveryService.class,
        OidcStorageConfig.class, Clients.class, SigningKeys.class })
class CommandLineContext {

    /** Static, so that it is in place before the datasource is created. */
    @Bean
    static CommandSchema commandSchema(ConfigurableEnvironment environment) {
        return new CommandSchema(environment);
    }

    /** The hashing timers need a registry; nobody scrapes a command's, so a simple one in memory. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
