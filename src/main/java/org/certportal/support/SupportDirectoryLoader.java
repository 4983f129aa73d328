package org.certportal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the directory from {@code certportal.support.directory} (default: the one shipped in the
 * jar), once at start; a file that does not parse stops the start with the reason.
 */
@Configuration(proxyBeanMethods = false)
class SupportDirectoryLoader {

    @Bean
    SupportDirectory supportDirectory(SupportProperties properties, ResourceLoader resources) {
        Resource resource = resources.getResource(properties.directory());
        try (InputStream in = resource.getInputStream()) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return parse(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the support directory " + properties.directory(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The support directory " + properties.directory() + " is not valid: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static SupportDirectory parse(Map<String, Object> root) {
        Map<String, Object> hours = (Map<String, Object>) root.get("hours");
        Map<String, Object> opens = (Map<String, Object>) hours.get("opens");
        Map<String, Object> closes = (Map<String, Object>) hours.get("closes");
        SupportDirectory.Hours h = new SupportDirectory.Hours(str(hours, "text"), ZoneId.of(str(hours, "zone")),
                DayOfWeek.valueOf(str(opens, "day")), LocalTime.parse(str(opens, "time")),
                DayOfWeek.valueOf(str(closes, "day")), LocalTime.parse(str(closes, "time")));
        List<SupportDirectory.Line> primary = lines((List<Object>) root.getOrDefault("primary", List.of()));
        List<SupportDirectory.Note> notes = new ArrayList<>();
        for (Object n : (List<Object>) root.getOrDefault("notes", List.of())) {
            // a plain string, or { key: ..., text: ... } for a note that pages say in their language
            notes.add(n instanceof Map<?, ?> m ? new SupportDirectory.Note((String) m.get("key"), str((Map<String, Object>) m, "text"))
                    : new SupportDirectory.Note(null, String.valueOf(n)));
        }
        List<SupportDirectory.Country> countries = new ArrayList<>();
        for (Object o : (List<Object>) root.getOrDefault("countries", List.of())) {
            Map<String, Object> c = (Map<String, Object>) o;
            countries.add(new SupportDirectory.Country(str(c, "country"), str(c, "code"), lines((List<Object>) c.get("numbers"))));
        }
        return new SupportDirectory(str(root, "name"), h, List.copyOf(primary), List.copyOf(notes), List.copyOf(countries));
    }

    @SuppressWarnings("unchecked")
    private static List<SupportDirectory.Line> lines(List<Object> raw) {
        List<SupportDirectory.Line> lines = new ArrayList<>();
        for (Object o : raw) {
            Map<String, Object> m = (Map<String, Object>) o;
            lines.add(new SupportDirectory.Line((String) m.get("label"), str(m, "number"), (String) m.get("dial"), (String) m.get("note"),
                    Boolean.TRUE.equals(m.get("fax")), (String) m.get("labelKey"), (String) m.get("noteKey")));
        }
        return lines;
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return String.valueOf(v);
    }
}
