package org.certportal.support;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/** The support directory: hours of operation and every phone number, as configured. */
public record SupportDirectory(String name, Hours hours, List<Line> primary, List<String> notes, List<Country> countries) {

    public record Hours(String text, ZoneId zone, DayOfWeek opensDay, LocalTime opensAt, DayOfWeek closesDay, LocalTime closesAt) {
    }

    public record Line(String label, String number, String dial, String note, boolean fax) {

        /** A tel: URI in a form a phone dials: the configured one, or the digits as written. */
        public String telUri() {
            String d = dial != null && !dial.isBlank() ? dial : number.replaceAll("[^0-9+]", "");
            return "tel:" + d;
        }
    }

    public record Country(String country, String code, List<Line> numbers) {

        boolean matches(String query) {
            String q = query.toLowerCase(java.util.Locale.ROOT);
            return country.toLowerCase(java.util.Locale.ROOT).contains(q) || code.equalsIgnoreCase(query)
                    || numbers.stream().anyMatch(n -> n.number().contains(query) || (n.note() != null && n.note().toLowerCase(java.util.Locale.ROOT).contains(q)));
        }
    }
}
