package org.certportal.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.certportal.platform.Display;
import org.springframework.context.MessageSource;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * Moments and durations of a queued email stay language-neutral in the queue ({@code {time}2026-11-28T14:05:00Z},
 * {@code {duration}PT1H}) and are written in the email's language when it is built, like the links
 * of {@link MailLinks}: the row's {@code locale} decides the language once, for the subject, the
 * sentences and the values alike. Rows queued before this change hold English text ("2026-11-28
 * 14:05 UTC", "one hour") and are sent as they are.
 */
final class MailValues {

    static final String TIME = "{time}";
    static final String DURATION = "{duration}";
    /** What {@link AccountMail#from} writes for an address that could not be read. */
    static final String UNKNOWN_ADDRESS = "unknown";

    private MailValues() {
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME + instant;
    }

    static String duration(Duration duration) {
        return DURATION + duration;
    }

    /** The model with every deferred moment and duration written in {@code locale}. */
    static Map<String, String> resolve(Map<String, String> model, Locale locale, Display display, MessageSource messages) {
        Map<String, String> resolved = new LinkedHashMap<>(model);
        resolved.replaceAll((name, value) -> {
            if (value == null) {
                return null;
            }
            try {
                if (value.startsWith(TIME)) {
                    return display.utc(Instant.parse(value.substring(TIME.length())), locale);
                }
                if (value.startsWith(DURATION)) {
                    return durationText(Duration.parse(value.substring(DURATION.length())), locale, messages);
                }
            } catch (DateTimeParseException e) {
                return value;
            }
            if ("from".equals(name) && UNKNOWN_ADDRESS.equals(value)) {
                return messages.getMessage("mail.from.unknown", null, value, locale);
            }
            return value;
        });
        return resolved;
    }

    /** "one hour", "30 minutes", "1 heure"...: the pages' duration.hours and duration.minutes messages. */
    static String durationText(Duration d, Locale locale, MessageSource messages) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        boolean hours = minutes % 60 == 0;
        return messages.getMessage(new DefaultMessageSourceResolvable(new String[] {hours ? "duration.hours" : "duration.minutes"},
                new Object[] {hours ? minutes / 60 : minutes}), locale);
    }
}
