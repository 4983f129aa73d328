package org.certportal.credential;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a hash asked for now would wait for a free hashing slot, and whether that is too long
 * for a new sign-in ({@code certportal.password.max-queue-wait}). Under overload an unbounded queue
 * of hashes made every sign-in wait until the browser gave up (60 s in the issue 17 soak) and a
 * password change, which needs several hashes, timed out behind them. Refusing a new sign-in at once
 * with "busy" keeps the queue short enough that those admitted are answered in time.
 *
 * <p>The wait is the larger of two estimates: the age of the oldest hash still waiting (measured,
 * but it lags when a burst has just arrived) and the number waiting times the recent mean hash time
 * divided by the slots (immediate, but only as good as the mean).
 */
public final class HashBacklog {

    /** Weight of the newest hash in the mean: about the last ten hashes count. */
    private static final double WEIGHT = 0.2;

    private final Duration maxWait;
    private final int slots;
    private final Clock clock;
    /** Hashes waiting for a slot: ticket (in arrival order) to the millisecond they arrived. */
    private final ConcurrentSkipListMap<Long, Long> waiting = new ConcurrentSkipListMap<>();
    private final AtomicLong tickets = new AtomicLong();
    private double meanMillis;

    /**
     * @param clock real elapsed time; not the application's clock, which tests stop and move
     */
    public HashBacklog(Duration maxWait, int slots, Clock clock) {
        this.maxWait = maxWait;
        this.slots = Math.max(1, slots);
        this.clock = clock;
    }

    /** A hash joins the queue; the ticket goes to {@link #started}. */
    public long arrived() {
        long ticket = tickets.incrementAndGet();
        waiting.put(ticket, clock.millis());
        return ticket;
    }

    /**
     * A new sign-in's place in the queue, taken together with the check that the queue is short
     * enough, or -1 when it is not. The place is held from now, before the sign-in's account lookup:
     * a burst arriving together would otherwise all find the queue empty and all be admitted (as
     * SignInLoadSheddingIT saw on PostgreSQL, whose lookups take longer).
     */
    public synchronized long admit() {
        return overloaded() ? -1 : arrived();
    }

    /** The hash of {@code ticket} left the queue: it got a slot, or was cancelled. */
    public void started(long ticket) {
        waiting.remove(ticket);
    }

    /** A hash took {@code took} on its slot. */
    public synchronized void finished(Duration took) {
        double millis = took.toNanos() / 1e6;
        meanMillis = meanMillis == 0 ? millis : meanMillis + WEIGHT * (millis - meanMillis);
    }

    public int waiting() {
        return waiting.size();
    }

    /** What a hash asked for now would wait, by the larger of the two estimates. */
    public Duration expectedWait() {
        Map.Entry<Long, Long> oldest = waiting.firstEntry();
        long age = oldest == null ? 0 : Math.max(0, clock.millis() - oldest.getValue());
        double mean;
        synchronized (this) {
            mean = meanMillis;
        }
        long byLength = (long) Math.ceil(waiting.size() * mean / slots);
        return Duration.ofMillis(Math.max(age, byLength));
    }

    /** Whether a new sign-in should be refused now rather than queued; never when the bound is 0. */
    public boolean overloaded() {
        return !maxWait.isZero() && expectedWait().compareTo(maxWait) > 0;
    }
}
