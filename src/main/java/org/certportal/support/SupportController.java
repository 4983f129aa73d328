package org.certportal.support;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
            countries.removeIf(c -> !c.matches(filter));
        }
        countries.sort(Comparator.comparing((SupportDirectory.Country c) -> !c.code().equalsIgnoreCase(visitorCountry)));
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
        return "support";
    }
}
