package org.certportal.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Waits for a database server (PostgreSQL) that does not answer yet, before the pool and Flyway
 * touch it. Without it, a portal started before its database (a reboot, a compose file, a wrong
 * URL) died at once with 200 lines of stack trace from Hikari and Flyway, and the line that mattered
 * ("Connection refused") was somewhere in the middle. Now the operator reads one paragraph: which
 * URL, what to check, for how long the portal keeps trying; the start goes on as soon as the server
 * answers, and after {@code certportal.database.startup-wait} it stops with the same paragraph and
 * a non-zero exit code (Spring Boot's failure report, {@link UnreachableAnalyzer}). The embedded H2
 * database needs no server and is not probed.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseStartWait {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartWait.class);

    /** Static, so that it is in place before the datasource settings are created. */
    @Bean
    static BeanPostProcessor waitForTheDatabaseServer(ObjectProvider<DatabaseStartProperties> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSourceProperties properties && needsServer(properties.getUrl())) {
                    await(properties.getUrl(), properties.getUsername(), properties.getPassword(), settings.getObject());
                }
                return bean;
            }
        };
    }

    static boolean needsServer(String url) {
        return url != null && url.startsWith("jdbc:") && !url.startsWith("jdbc:h2:");
    }

    /** Returns once a connection opens; throws {@link DatabaseUnreachableException} when the wait is over. */
    static void await(String url, String username, String password, DatabaseStartProperties settings) {
        long deadline = System.nanoTime() + settings.startupWait().toNanos();
        Duration pause = settings.startupRetryFirst();
        int tries = 0;
        while (true) {
            tries++;
            SQLException failure;
            try (Connection ignored = DriverManager.getConnection(url, username, password)) {
                if (tries > 1) {
                    log.info("The database at {} answers after {} tries; starting.", redact(url), tries);
                }
                return;
            } catch (SQLException e) {
                failure = e;
            }
            if (!DatabaseOutage.causedBy(failure)) {
                // Reached, but refused for another reason (credentials, a missing database): waiting
                // will not change that, and the pool's own error says which.
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DatabaseUnreachableException(redact(url), DatabaseOutage.rootMessage(failure), settings.startupWait(), tries);
            }
            if (tries == 1) {
                log.warn("{} Trying again for up to {} s (certportal.database.startup-wait).",
                        paragraph(redact(url), DatabaseOutage.rootMessage(failure)), settings.startupWait().toSeconds());
            } else {
                log.info("The database at {} is still unreachable (try {}), next try in {} ms.", redact(url), tries, pause.toMillis());
            }
            sleep(Math.min(pause.toNanos(), left));
            pause = pause.multipliedBy(2).compareTo(settings.startupRetryMax()) > 0 ? settings.startupRetryMax() : pause.multipliedBy(2);
        }
    }

    static String paragraph(String url, String reason) {
        return "Cannot reach the database at " + url + " (" + reason + "). Check that the database server is running and accepts "
                + "connections on that host and port (its listen_addresses and pg_hba.conf, a firewall between this node and it), "
                + "and that spring.datasource.url, spring.datasource.username and spring.datasource.password are right.";
    }

    /** A password given in the URL's parameters stays out of the log. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }

    /** The database never answered within {@code certportal.database.startup-wait}. */
    static final class DatabaseUnreachableException extends RuntimeException {

        private final String url;
        private final String reason;
        private final Duration waited;

        DatabaseUnreachableException(String url, String reason, Duration waited, int tries) {
            super("database at " + url + " unreachable after " + tries + " tries in " + waited.toSeconds() + " s: " + reason, null, false, false);
            this.url = url;
            this.reason = reason;
            this.waited = waited;
        }
    }

    /** Spring Boot's failure report for it: the paragraph and what to do, no stack trace. */
    static final class UnreachableAnalyzer extends AbstractFailureAnalyzer<DatabaseUnreachableException> {

        @Override
        protected FailureAnalysis analyze(Throwable root, DatabaseUnreachableException cause) {
            return new FailureAnalysis(paragraph(cause.url, cause.reason) + " Tried for " + cause.waited.toSeconds() + " s.",
                    "Start the database server or correct spring.datasource.url, then start the portal again. For a database that "
                            + "takes longer to start, raise certportal.database.startup-wait (at most PT1H).",
                    cause);
        }
    }
}
