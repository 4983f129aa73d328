package org.certportal.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * Whether support is open, from a weekly window such as "Sunday 8:00 PM ET to Friday 8:00 PM ET",
 * computed in the window's own zone so that daylight saving time moves it correctly.
 */
public final class SupportHours {

    public record Status(boolean open, Instant changesAt, Duration until) {
    }

    private SupportHours() {
    }

    public static Status at(SupportDirectory.Hours hours, Instant now) {
        ZonedDateTime local = now.atZone(hours.zone());
        ZonedDateTime lastOpening = local.with(TemporalAdjusters.previousOrSame(hours.opensDay())).with(hours.opensAt());
        if (lastOpening.isAfter(local)) {
            lastOpening = lastOpening.minusWeeks(1);
        }
        ZonedDateTime closing = lastOpening.with(TemporalAdjusters.nextOrSame(hours.closesDay())).with(hours.closesAt());
        if (!closing.isAfter(lastOpening)) {
            closing = closing.plusWeeks(1);
        }
        if (local.isBefore(closing)) {
            return new Status(true, closing.toInstant(), Duration.between(now, closing.toInstant()));
        }
        ZonedDateTime nextOpening = lastOpening.plusWeeks(1);
        return new Status(false, nextOpening.toInstant(), Duration.between(now, nextOpening.toInstant()));
    }
}
