package org.certportal.support;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The support directory: hours of operation and every phone number, as configured. Numbers are shown
 * exactly as written; words come in the page's language: a label or note with a {@code key} is the
 * message {@code support.directory.KEY}, a country's name is the JDK's (CLDR) name of its code.
 */
public record SupportDirectory(String name, Hours hours, List<Line> primary, List<Note> notes, List<Country> countries) {

    /** A note under the numbers: the configured text, or the message {@code support.directory.KEY} when it has a key. */
    public record Note(String key, String text) {
    }

    public record Hours(String text, ZoneId zone, DayOfWeek opensDay, LocalTime opensAt, DayOfWeek closesDay, LocalTime closesAt) {
    }

    public record Line(String label, String number, String dial, String note, boolean fax, String labelKey, String noteKey) {

        public Line(String label, String number, String dial, String note, boolean fax) {
            this(label, number, dial, note, fax, null, null);
        }

        /** A tel: URI in a form a phone dials: the configured one, or the digits as written. */
        public String telUri() {
            String d = dial != null && !dial.isBlank() ? dial : number.replaceAll("[^0-9+]", "");
            return "tel:" + d;
        }
    }

    public record Country(String country, String code, List<Line> numbers) {

        /**
         * The country's name in {@code language}: the configured (English) name for English, else the
         * JDK's CLDR name of the code ("Allemagne", "ドイツ"), else the configured one.
         */
        public String name(java.util.Locale language) {
            if (language == null || language.getLanguage().isEmpty() || "en".equals(language.getLanguage())) {
                return country;
            }
            try {
                String name = new java.util.Locale.Builder().setRegion(code).build().getDisplayCountry(language);
                return name.isBlank() || name.equalsIgnoreCase(code) ? country : name;
            } catch (java.util.IllformedLocaleException e) {
                return country;
            }
        }

        boolean matches(String query, java.util.Locale language) {
            return matches(query) || name(language).toLowerCase(language).contains(query.toLowerCase(language));
        }

        boolean matches(String query) {
            String q = query.toLowerCase(java.util.Locale.ROOT);
            return country.toLowerCase(java.util.Locale.ROOT).contains(q) || code.equalsIgnoreCase(query)
                    || numbers.stream().anyMatch(n -> n.number().contains(query) || (n.note() != null && n.note().toLowerCase(java.util.Locale.ROOT).contains(q)));
        }
    }
}
