package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database is away" (503) and which are the portal's own (500). */
class DatabaseOutageTest {

    @Test
    void aPoolTimeoutARefusedConnectionAndAServerShuttingDownAreOutages() {
        assertThat(DatabaseOutage.causedBy(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLException("Connection to localhost:5432 refused", "08001")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
    }

    @Test
    void aDiskThatCannotBeWrittenIsAnOutage() {
        SQLException general = new SQLException("General error", "HY000", 50000, new IOException("No space left on device"));
        assertThat(DatabaseOutage.causedBy(new TransactionSystemException("JDBC commit failed", general))).isTrue();
    }

    @Test
    void aRollbackThatFailedAfterAnOutageIsAnOutage() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new CannotGetJdbcConnectionException("gone"));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
    }

    @Test
    void aRollbackOnAConnectionThePoolHadEvictedIsAnOutage() {
        // what Hikari throws from a connection it has closed: no SQL state, only where it comes from
        SQLException closed = new SQLException("Connection is closed");
        closed.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection", "lambda$getClosedConnection$0", "ProxyConnection.java", 559)});
        assertThat(DatabaseOutage.causedBy(new TransactionSystemException("JDBC rollback failed", closed))).isTrue();
        assertThat(DatabaseOutage.causedBy(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
                .as("the same words from elsewhere").isFalse();
    }

    @Test
    void aWrongStatementOrAMissingTableStaysAFaultOfThePortal() {
        assertThat(DatabaseOutage.causedBy(new BadSqlGrammarException("query", "SELECT * FROM gone", new SQLException("no such table", "42P01")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IOException("a template could not be read"))).isFalse();
        assertThat(DatabaseOutage.causedBy(null)).isFalse();
    }
}
