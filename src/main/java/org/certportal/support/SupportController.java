package org.certportal.support;

import jakarta.servlet.http.HttpServletRequest;
import java.text.Collator;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The public support directory: hours, whether support is open now, and every number. */
@Controller
class SupportController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final SupportDirectory directory;
    private final Clock clock;

    SupportController(SupportDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @GetMapping("/support")
    String support(@RequestParam(name = "q", required = false) String query, HttpServletRequest request, Locale locale, Model model) {
        SupportHours.Status status = SupportHours.at(directory.hours(), clock.instant());
        String q = query == null ? "" : query.strip();
        if (q.length() > 64) {
            q = q.substring(0, 64);
        }
        // The visitor's region is the browser's (Accept-Language en-GB: GB); the page's language carries none.
        String visitorCountry = request.getHeader("Accept-Language") == null ? "" : request.getLocale().getCountry();
        List<SupportDirectory.Country> countries = new ArrayList<>(directory.countries());
        final String filter = q;
        if (!filter.isEmpty()) {
            countries.removeIf(c -> !c.matches(filter, locale));
        }
        // The visitor's country first, then the others in the page language's alphabetical order.
        Collator collator = Collator.getInstance(locale);
        countries.sort(Comparator.comparing((SupportDirectory.Country c) -> !c.code().equalsIgnoreCase(visitorCountry))
                .thenComparing(c -> c.name(locale), collator));
        model.addAttribute("directory", directory);
        model.addAttribute("countries", countries);
        model.addAttribute("q", q);
        model.addAttribute("open", status.open());
        model.addAttribute("changesAtIso", status.changesAt().toString());
        model.addAttribute("changesAtText", WHEN.withLocale(locale).format(status.changesAt()));
        long hours = status.until().toHours();
        long minutes = status.until().toMinutesPart();
        model.addAttribute("untilHours", hours);
        model.addAttribute("untilMinutes", minutes);
        model.addAttribute("hoursText", hoursText(directory.hours(), locale));
        ZonedDateTime opens = clock.instant().atZone(directory.hours().zone()).with(TemporalAdjusters.previousOrSame(directory.hours().opensDay()))
                .with(directory.hours().opensAt());
        ZonedDateTime closes = opens.with(TemporalAdjusters.nextOrSame(directory.hours().closesDay())).with(directory.hours().closesAt());
        model.addAttribute("opensIso", opens.toInstant().toString());
        model.addAttribute("closesIso", (closes.isAfter(opens) ? closes : closes.plusWeeks(1)).toInstant().toString());
        return "support";
    }

    /**
     * The hours in the page's language: English keeps the directory's own words (the support
     * article's "Sunday 8:00 PM ET to Friday 8:00 PM ET"); another language gets the days, times and
     * time zone written its way, for the template's support.hours.range. Static/js/portal.js adds the
     * visitor's own time zone, which only the browser knows.
     */
    static List<String> hoursText(SupportDirectory.Hours hours, Locale locale) {
        if (locale == null || "en".equals(locale.getLanguage())) {
            return List.of(hours.text());
        }
        return List.of(dayAndTime(hours.opensDay(), hours.opensAt(), locale), dayAndTime(hours.closesDay(), hours.closesAt(), locale),
                hours.zone().getDisplayName(TextStyle.FULL, locale));
    }

    private static String dayAndTime(DayOfWeek day, LocalTime time, Locale locale) {
        return day.getDisplayName(TextStyle.FULL, locale) + " " + DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(time);
    }
}
