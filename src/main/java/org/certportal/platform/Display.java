package org.certportal.platform;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Formatting for templates ({@code ${@display.utc(instant)}}). Times are rendered in UTC on the
 * server; portal.js turns every {@code <time class="local-time">} into the reader's own time zone.
 */
@Component("display")
public class Display {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    /**
     * A moment in UTC as {@code locale} writes a date: English keeps {@link #utc(Instant)}'s pattern
     * (2026-11-28 14:05 UTC); other languages write the date their way and the time on the 24-hour
     * clock ("28 novembre 2026, 14:05 UTC", "2026年11月28日 14:05 UTC"), as emails print it.
     */
    public String utc(Instant instant, Locale locale) {
        if (instant == null) {
            return "";
        }
        if (locale == null || locale.getLanguage().isEmpty() || "en".equals(locale.getLanguage())) {
            return utc(instant);
        }
        String date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).withZone(ZoneOffset.UTC).format(instant);
        boolean cjk = switch (locale.getLanguage()) {
            case "ja", "ko", "zh" -> true;
            default -> false;
        };
        return date + (cjk ? " " : ", ") + UTC_TIME.format(instant);
    }

    /** A client address as people write it: IPv6 in its short form (::1), also for rows stored before it was. */
    public String address(String address) {
        return ClientAddressResolver.compact(address);
    }

    /** A count in the locale's digits and grouping (1,234 / 1 234 / 1.234). */
    public String number(long value, Locale locale) {
        return java.text.NumberFormat.getIntegerInstance(locale == null ? Locale.ENGLISH : locale).format(value);
    }

    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
