package org.certportal.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

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
public class OutageLogFilter extends Filter<ILoggingEvent> {

    private static final String OWN = DatabaseOutage.class.getName();

    /**
     * The warning this thread decided last and the answer: each appender asks about the same event in
     * turn on the logging thread, and the event must be counted as left out once, not once per appender.
     */
    private final ThreadLocal<Decided> last = new ThreadLocal<>();

    private record Decided(ILoggingEvent event, FilterReply reply) {
    }

    /**
     * Puts the filter on every appender of Logback's context, once each (Spring Boot starts the logging
     * again, with new appenders, for each application in a JVM). An appender's filter, not a turbo
     * filter: a turbo filter is asked before the level check of every logging call, enabled or not, and
     * the frameworks ask "is trace enabled?" thousands of times per request (17% of the request threads'
     * CPU under sign-in load, by JFR); an appender's filter only sees the messages that are written.
     */
    public static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        synchronized (context) {
            OutageLogFilter filter = null;
            for (Logger logger : context.getLoggerList()) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
                    Appender<ILoggingEvent> appender = it.next();
                    if (appender.getCopyOfAttachedFiltersList().stream().noneMatch(OutageLogFilter.class::isInstance)) {
                        if (filter == null) {
                            filter = new OutageLogFilter();
                            filter.setName("database-outage");
                            filter.setContext(context);
                            filter.start();
                        }
                        appender.addFilter(filter);
                    }
                }
            }
        }
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        // first, what every written message pays: debug and info, and the outage's own lines, decided without state
        Level level = event.getLevel();
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || OWN.equals(event.getLoggerName())) {
            return FilterReply.NEUTRAL;
        }
        Decided before = last.get();
        if (before != null && before.event() == event) {
            return before.reply();
        }
        FilterReply reply = decideWarning(event);
        last.set(new Decided(event, reply));
        return reply;
    }

    /** A warning or an error, once per event: it may report the outage and count what is left out. */
    private static FilterReply decideWarning(ILoggingEvent event) {
        // Logback has already taken an exception given as the last argument as the event's throwable
        Throwable thrown = event.getThrowableProxy() instanceof ThrowableProxy proxy ? proxy.getThrowable() : null;
        if (thrown == null && !DatabaseOutage.isDown()) {
            return FilterReply.NEUTRAL;
        }
        if (thrown != null && DatabaseOutage.causedBy(thrown)) {
            DatabaseOutage.reportWhileLogging(thrown);
            DatabaseOutage.leftOut();
            return FilterReply.DENY;
        }
        if (thrown == null && event.getLoggerName() != null && event.getLoggerName().startsWith("com.zaxxer.hikari")) {
            // "Failed to validate connection", "Connection marked as broken": the pool's view of the same outage
            DatabaseOutage.leftOut();
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
