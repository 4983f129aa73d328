package org.certportal.platform;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Formatting for templates ({@code ${@display.utc(instant)}}). Times are rendered in UTC on the
 * server; portal.js turns every {@code <time class="local-time">} into the reader's own time zone.
 */
@Component("display")
public class Display {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
