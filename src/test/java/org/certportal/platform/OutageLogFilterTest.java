package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * What an operator reads during a simulated outage: the framework's messages, logged as Spring,
 * Spring Session, the health check and Hikari log them, with {@link OutageLogFilter} in place.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutageLogFilterTest {

    private static final Logger transactions = LoggerFactory.getLogger("org.springframework.jdbc.support.JdbcTransactionManager");
    private static final Logger health = LoggerFactory.getLogger("org.springframework.boot.health.contributor.AbstractHealthIndicator");
    private static final Logger scheduling = LoggerFactory.getLogger("org.springframework.scheduling.support.TaskUtils$LoggingErrorHandler");
    private static final Logger hikari = LoggerFactory.getLogger("com.zaxxer.hikari.pool.PoolBase");
    private static final Logger portal = LoggerFactory.getLogger("org.certportal.account.AccountService");

    @BeforeEach
    void databaseUp() {
        OutageLogFilter.install();
        DatabaseOutage.back();
    }

    private static RuntimeException outage() {
        return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms",
                        new SQLException("Connection to localhost:5432 refused", "08001")));
    }

    @Test
    void anOutageIsOneLineWhenItStartsAndOneWhenItEndsWithoutTheFrameworksStackTraces(CapturedOutput output) {
        int before = output.getAll().length();
        // the first sign of the outage is a framework's message: it is the one that reports it
        transactions.error("Commit exception overridden by rollback exception",
                new DataAccessResourceFailureException("JDBC commit; FATAL: terminating connection due to administrator command",
                        new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseOutage.isDown()).isTrue();
        health.warn("DataSource health check failed", outage());
        scheduling.error("Unexpected error occurred in scheduled task", outage());
        hikari.warn("{} - Failed to validate connection {} ({}). Possibly consider using a shorter maxLifetime value.", "HikariPool-1",
                "org.postgresql.jdbc.PgConnection@1b2c3d", "This connection has been closed.");
        portal.warn("{}: pass failed: {}", "worker", "x", outage());
        // an error of another cause during the outage is still logged whole
        portal.error("A bug of the portal's own", new IllegalStateException("not the database"));
        DatabaseOutage.back();
        // after it, Hikari's warnings are the operator's again
        hikari.warn("HikariPool-1 - Thread starvation or clock leap detected");

        String log = output.getAll().substring(before);
        assertThat(log.lines().filter(l -> l.contains("The database is unavailable, pages answer 503 until it is back"))).hasSize(1);
        assertThat(log).contains("FATAL: terminating connection due to administrator command");
        assertThat(log.lines().filter(l -> l.contains("The database is back after"))).singleElement().asString()
                .contains("(5 log messages about the outage were left out)");
        assertThat(log).doesNotContain("Commit exception overridden", "DataSource health check failed", "Unexpected error occurred",
                "Failed to validate connection", "pass failed", "CannotGetJdbcConnectionException", "PSQLException");
        assertThat(log).contains("A bug of the portal's own", "java.lang.IllegalStateException: not the database", "\tat org.certportal")
                .contains("Thread starvation or clock leap detected");
    }

    /** A turbo filter is asked on every "is debug enabled?" of the frameworks, thousands per request. */
    @Test
    void theFilterSitsOnTheAppendersNotOnEveryLoggingCall() {
        var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        OutageLogFilter.install();
        assertThat(context.getTurboFilterList()).noneMatch(OutageLogFilter.class::isInstance);
        var appenders = new java.util.ArrayList<ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent>>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(appenders).isNotEmpty().allSatisfy(a -> assertThat(a.getCopyOfAttachedFiltersList())
                .as("installed once, however often install() runs").filteredOn(OutageLogFilter.class::isInstance).hasSize(1));
    }

    @Test
    void outsideAnOutageHikarisWarningsAndEveryOtherErrorAreLogged(CapturedOutput output) {
        hikari.warn("HikariPool-1 - Failed to validate connection (closed).");
        portal.error("Something else failed", new IllegalArgumentException("bad"));
        assertThat(DatabaseOutage.isDown()).isFalse();
        assertThat(output.getAll()).contains("Failed to validate connection (closed).", "java.lang.IllegalArgumentException: bad")
                .doesNotContain("The database is unavailable");
    }
}
