package org.certportal.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Tells a database that is away (PostgreSQL stopped or restarting, unreachable, its disk full) from a
 * fault of the portal's own: the first is answered 503 "temporarily unavailable" and logged as one
 * line for the operator, the second stays a 500. Without it a request during a PostgreSQL restart
 * got the generic 500 page, and a sign-in got "wrong username or password" (the account lookup
 * failed inside Spring Security, which reports every failure as a failed sign-in).
 */
public final class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
    /** Down from the first failure seen until {@link DatabaseOutageWatch} gets a working connection again. */
    private static final AtomicBoolean down = new AtomicBoolean();
    private static volatile long downSince;
    /** Log messages about the outage that {@link OutageLogFilter} left out, said when the database is back. */
    private static final AtomicLong leftOut = new AtomicLong();
    private static volatile Future<?> pendingLine = CompletableFuture.completedFuture(null);

    /**
     * PostgreSQL's SQL states for a server that is shutting down or starting (57P01-57P03) and
     * H2's error codes for a database that cannot write (90100: no disk space; 90028, 90031: an
     * I/O error; 90098: closed after such an error).
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");
    private static final Set<Integer> H2_UNAVAILABLE_CODES = Set.of(90100, 90028, 90031, 90098);

    private DatabaseOutage() {
    }

    /** Whether {@code failure} (or one of its causes) says the database is away rather than that a statement was wrong. */
    public static boolean causedBy(Throwable failure) {
        boolean inDriver = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (inDriver && t instanceof java.io.IOException) {
                // the driver or the embedded database could not read or write: a broken connection, or
                // H2's own file ("No space left on device" arrives as a general error 50000 around it)
                return true;
            }
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof org.springframework.transaction.TransactionSystemException tse && tse.getApplicationException() != null
                    && causedBy(tse.getApplicationException())) {
                // "JDBC rollback failed" after the statement itself failed on a connection that is gone
                return true;
            }
            if (t instanceof SQLException sql) {
                if (fromEvictedConnection(sql)) {
                    return true;
                }
                inDriver = true;
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
                    return true;
                }
                if (isH2(sql) && H2_UNAVAILABLE_CODES.contains(sql.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The database is away: the first call of an outage logs one line for the operator, without a stack
     * trace; later ones only say it again to {@link #isDown()}. While it is down, the framework's own
     * messages about it (a rollback that failed, the health check, Hikari) are left out
     * ({@link OutageLogFilter}), and {@link #back()} says how many.
     */
    public static void report(Throwable failure) {
        if (markDown()) {
            logUnavailable(rootMessage(failure));
        }
    }

    /**
     * {@link #report} from inside an appender's filter ({@link OutageLogFilter}): Logback's appenders drop
     * a message logged while they are writing another on the same thread, so the line is written by a
     * thread of its own; {@link #back()} waits for it, so that "back" never comes before "unavailable".
     */
    static void reportWhileLogging(Throwable failure) {
        if (markDown()) {
            String cause = rootMessage(failure);
            pendingLine = OutOfBand.LOG.submit(() -> logUnavailable(cause));
        }
    }

    private static boolean markDown() {
        if (!down.compareAndSet(false, true)) {
            return false;
        }
        downSince = System.nanoTime();
        leftOut.set(0);
        return true;
    }

    private static void logUnavailable(String cause) {
        log.error("The database is unavailable, pages answer 503 until it is back: {}. Check that the database server runs and is "
                + "reachable at spring.datasource.url, and that its disk has free space.", cause);
    }

    /** The thread that writes {@link #reportWhileLogging}'s line, made when first needed. */
    private static final class OutOfBand {
        static final ExecutorService LOG = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "database-outage-log");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether an outage has been reported and the database has not answered since. */
    public static boolean isDown() {
        return down.get();
    }

    /** The database answered again: one line for the operator, the end of the outage. */
    public static void back() {
        if (!down.compareAndSet(true, false)) {
            return;
        }
        long seconds = Duration.ofNanos(System.nanoTime() - downSince).toSeconds();
        try {
            pendingLine.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the "unavailable" line is late or lost; "back" is said all the same
        }
        log.info("The database is back after {} s, pages are served again ({} log messages about the outage were left out).", seconds,
                leftOut.getAndSet(0));
    }

    static void leftOut() {
        leftOut.incrementAndGet();
    }

    /**
     * Hikari's answer on a connection it has already thrown away ({@link EvictOnOutage}): a commit
     * failed because PostgreSQL was shutting down, the pool evicted the connection, and the rollback
     * that followed got "Connection is closed" (without an SQL state), which Spring reports as "JDBC
     * rollback failed" in place of the commit's failure (PostgresRestartIT).
     */
    private static boolean fromEvictedConnection(SQLException e) {
        StackTraceElement[] where = e.getStackTrace();
        return where.length > 0 && where[0].getClassName().startsWith("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection");
    }

    private static boolean isH2(SQLException e) {
        return e.getClass().getName().startsWith("org.h2.");
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
