package org.certportal.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps a database outage to two lines in the log, {@link DatabaseOutage}'s "unavailable" and "back".
 * Without it a PostgreSQL restart printed pages of stack traces: Spring's "Commit exception overridden
 * by rollback exception", the health check's "DataSource health check failed", Spring Session's
 * cleanup, Tomcat's error page, Hikari's warnings on each broken connection, all of the same cause.
 *
 * <p>Left out: a warning or error whose exception {@link DatabaseOutage#causedBy says the database is
 * away} (the first one also reports the outage, so it never goes unsaid), and while the database is
 * down, Hikari's warnings. Everything else goes through: an error of another cause during an outage,
 * and Hikari's warnings when the database is up. What was left out is counted in the "back" line.
 */
public class OutageLogFilter extends TurboFilter {

    private static final String OWN = DatabaseOutage.class.getName();

    /** Adds the filter to Logback's context once (Spring Boot starts the logging again for each application in a JVM). */
    public static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        synchronized (context) {
            if (context.getTurboFilterList().stream().noneMatch(OutageLogFilter.class::isInstance)) {
                OutageLogFilter filter = new OutageLogFilter();
                filter.setName("database-outage");
                filter.start();
                context.addTurboFilter(filter);
            }
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // first, what every logging call pays: debug and info, and everything while the database is up without an exception
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || logger.getName().equals(OWN)) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t : lastThrowable(params);
        if (thrown == null && !DatabaseOutage.isDown()) {
            return FilterReply.NEUTRAL;
        }
        if (thrown != null && DatabaseOutage.causedBy(thrown)) {
            DatabaseOutage.report(thrown);
            DatabaseOutage.leftOut();
            return FilterReply.DENY;
        }
        if (thrown == null && logger.getName().startsWith("com.zaxxer.hikari")) {
            // "Failed to validate connection", "Connection marked as broken": the pool's view of the same outage
            DatabaseOutage.leftOut();
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** SLF4J's convention: an exception given as the last argument of a message with placeholders. */
    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable th ? th : null;
    }
}
