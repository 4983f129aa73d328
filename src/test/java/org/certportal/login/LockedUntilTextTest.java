package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The sign-in page's "It unlocks at ..." date, in the page's language and always in UTC. */
class LockedUntilTextTest {

    private static final Instant UNTIL = Instant.parse("2026-12-01T14:05:00Z");

    @Test
    void englishKeepsItsPattern() {
        assertThat(LoginController.untilText(UNTIL, Locale.ENGLISH)).isEqualTo("Tuesday 1 December 2026, 14:05 UTC");
    }

    @Test
    void otherLanguagesWriteTheDateTheirWay() {
        assertThat(LoginController.untilText(UNTIL, Locale.FRENCH)).isEqualTo("mardi 1 décembre 2026, 14:05 UTC");
        assertThat(LoginController.untilText(UNTIL, Locale.GERMAN)).isEqualTo("Dienstag, 1. Dezember 2026, 14:05 UTC");
        assertThat(LoginController.untilText(UNTIL, Locale.JAPANESE)).isEqualTo("2026年12月1日火曜日, 14:05 UTC");
        assertThat(LoginController.untilText(UNTIL, Locale.TAIWAN)).startsWith("2026年12月1日").endsWith("14:05 UTC");
    }
}
