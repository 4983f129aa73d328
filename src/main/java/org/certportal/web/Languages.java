package org.certportal.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The languages the portal speaks. To add one: copy messages.properties to messages_xx.properties,
 * translate it, and add xx here (with its name in its own language, for the language switcher).
 * Anything not in this list is never shown, never stored in the language cookie, and falls back
 * to English.
 */
public final class Languages {

    /** A language the portal speaks: its BCP 47 tag and its name in that language. */
    public record Language(String tag, String name) {

        public Locale locale() {
            return Locale.forLanguageTag(tag);
        }
    }

    public static final List<Language> ALL = List.of(
            new Language("en", "English"),
            new Language("fr", "Français"),
            new Language("de", "Deutsch"),
            new Language("es", "Español"),
            new Language("it", "Italiano"),
            new Language("nl", "Nederlands"),
            new Language("ja", "日本語"),
            new Language("ko", "한국어"),
            new Language("zh-TW", "繁體中文"));

    public static final Locale DEFAULT = Locale.ENGLISH;

    /** What a ?lang= value or the cookie may hold before it is parsed: a tag such as zh-TW or a Java name such as zh_TW. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,3}");

    private Languages() {
    }

    /**
     * The supported language for a locale, or empty. Country variants read the same language
     * (fr-CA is fr); Chinese is supported in Traditional characters only, which is what zh-Hant,
     * zh-TW, zh-HK and zh-MO ask for.
     */
    public static Optional<Locale> supported(Locale locale) {
        if (locale == null || locale.getLanguage().isEmpty()) {
            return Optional.empty();
        }
        String language = locale.getLanguage();
        String wanted = language;
        if ("zh".equals(language)) {
            String country = locale.getCountry();
            boolean traditional = "Hant".equals(locale.getScript())
                    || (locale.getScript().isEmpty() && ("TW".equals(country) || "HK".equals(country) || "MO".equals(country)));
            if (!traditional) {
                return Optional.empty();
            }
            wanted = "zh-TW";
        }
        for (Language l : ALL) {
            if (l.tag().equals(wanted)) {
                return Optional.of(l.locale());
            }
        }
        return Optional.empty();
    }

    /** A ?lang= or cookie value ("fr", "zh-TW", "zh_TW") as a supported language, or empty for anything else. */
    public static Optional<Locale> parse(String value) {
        if (value == null || value.length() > 35 || !TAG.matcher(value).matches()) {
            return Optional.empty();
        }
        return supported(Locale.forLanguageTag(value.replace('_', '-')));
    }

    /**
     * The first supported language of an Accept-Language header, in the order of its weights;
     * English when there is none, or when the header cannot be read.
     */
    public static Locale negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1024) {
            return DEFAULT;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0 || range.getRange().startsWith("*")) {
                continue;
            }
            Optional<Locale> match = supported(Locale.forLanguageTag(range.getRange()));
            if (match.isPresent()) {
                return match.get();
            }
        }
        return DEFAULT;
    }
}
