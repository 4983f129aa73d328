package org.certportal.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * A background worker's pass over its table, run on Spring's scheduler: again at once while the
 * last pass found a full batch (a backlog to drain, as after a burst of recovery requests), and
 * otherwise one poll interval after the pass ended. Only the worker's own passes decide when the
 * next one runs; no request wakes it, because work started during a response competes with that
 * response for the CPU, and an existing account causes more of it than an unknown one (invariant
 * 1). Several nodes may run the same pass: each claims its rows with a lease.
 */
public final class PollingTask implements Runnable, Trigger {

    private static final Logger log = LoggerFactory.getLogger(PollingTask.class);

    private final String name;
    private final Duration interval;
    private final int batch;
    private final IntSupplier pass;
    private volatile boolean backlog;

    /** {@code pass} handles up to {@code batch} rows and answers how many it found. */
    public PollingTask(String name, Duration interval, int batch, IntSupplier pass) {
        this.name = name;
        this.interval = interval;
        this.batch = batch;
        this.pass = pass;
    }

    /** Schedules this task (from a {@code SchedulingConfigurer}): its first pass runs as soon as the scheduler starts. */
    public void scheduleOn(ScheduledTaskRegistrar registrar) {
        registrar.addTriggerTask(this, this);
    }

    @Override
    public void run() {
        // The pass runs under the worker's name, so that its log lines (audit lines included) say
        // which worker wrote them, as they did when each worker had a thread of its own.
        Thread thread = Thread.currentThread();
        String threadName = thread.getName();
        thread.setName(name);
        try {
            backlog = pass.getAsInt() >= batch;
        } catch (RuntimeException e) {
            backlog = false;
            if (DatabaseOutage.causedBy(e)) {
                // the database is away: said once for all by DatabaseOutage, not by every worker every few seconds
                DatabaseOutage.report(e);
            } else {
                log.warn("{}: pass failed, will try again: {}", name, e.toString());
            }
        } finally {
            thread.setName(threadName);
        }
    }

    @Override
    public Instant nextExecution(TriggerContext context) {
        Instant last = context.lastCompletion();
        if (last == null) {
            return context.getClock().instant();
        }
        return backlog ? last : last.plus(interval);
    }

    @Override
    public String toString() {
        return name;
    }
}
