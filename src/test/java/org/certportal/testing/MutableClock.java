package org.certportal.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the tests can move forward, so expiry and automatic unlock are tested without waiting. It follows
 * real time plus the offset, or, {@link #frozenAt frozen}, stands still but for the offset.
 */
public class MutableClock extends Clock {

    /** Null: real time. */
    private final Instant frozenAt;
    private volatile Duration offset = Duration.ZERO;

    public MutableClock() {
        this(null);
    }

    private MutableClock(Instant frozenAt) {
        this.frozenAt = frozenAt;
    }

    /** Time that moves only when the test says so. */
    public static MutableClock frozenAt(Instant at) {
        return new MutableClock(at);
    }

    public void advance(Duration d) {
        offset = offset.plus(d);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return (frozenAt == null ? Instant.now() : frozenAt).plus(offset);
    }
}
