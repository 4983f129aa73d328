package org.certportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SupportHoursTest {

    private static final SupportDirectory.Hours HOURS = new SupportDirectory.Hours("Sunday 8:00 PM ET to Friday 8:00 PM ET",
            ZoneId.of("America/New_York"), DayOfWeek.SUNDAY, LocalTime.of(20, 0), DayOfWeek.FRIDAY, LocalTime.of(20, 0));

    @Test
    void openOnAWednesday() {
        // Wednesday 2026-11-25 15:00 UTC = 10:00 EST
        SupportHours.Status s = SupportHours.at(HOURS, Instant.parse("2026-11-25T15:00:00Z"));
        assertThat(s.open()).isTrue();
        assertThat(s.changesAt()).isEqualTo(Instant.parse("2026-11-28T01:00:00Z")); // Friday 20:00 EST
    }

    @Test
    void closedOnSaturdayAndOpensSundayEveningEasternTime() {
        SupportHours.Status s = SupportHours.at(HOURS, Instant.parse("2026-11-28T17:00:00Z"));
        assertThat(s.open()).isFalse();
        assertThat(s.changesAt()).isEqualTo(Instant.parse("2026-11-30T01:00:00Z")); // Sunday 20:00 EST
        assertThat(s.until()).isEqualTo(Duration.ofHours(32));
    }

    @Test
    void daylightSavingTimeMovesTheWindowInUtc() {
        // Summer: Sunday 2026-07-05 20:00 EDT = Monday 00:00 UTC.
        SupportHours.Status before = SupportHours.at(HOURS, Instant.parse("2026-07-05T23:59:00Z"));
        assertThat(before.open()).isFalse();
        assertThat(before.changesAt()).isEqualTo(Instant.parse("2026-07-06T00:00:00Z"));
        assertThat(SupportHours.at(HOURS, Instant.parse("2026-07-06T00:00:00Z")).open()).isTrue();
    }

    @Test
    void closesExactlyFridayEightPm() {
        assertThat(SupportHours.at(HOURS, Instant.parse("2026-11-28T00:59:00Z")).open()).isTrue();
        assertThat(SupportHours.at(HOURS, Instant.parse("2026-11-28T01:00:00Z")).open()).isFalse();
    }
}
