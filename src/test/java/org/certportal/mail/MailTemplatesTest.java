package org.certportal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certportal.platform.Display;
import org.certportal.web.Languages;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Every email in every language: rendered with the message source Spring Boot builds (UTF-8, no
 * fallback to the server's language), no missing message, both parts present, the contract's lines
 * and links in place, and a text that is really in that language rather than English.
 */
class MailTemplatesTest {

    private static final String ORIGIN = "https://portal.example";
    private static final Pattern CONTRACT_LINE = Pattern.compile("(?m)^Temporary password: (\\S+)$");
    private static final Instant WHEN = Instant.parse("2026-11-28T14:05:00Z");

    private final MailTemplates templates = new MailTemplates(messages(), new Display());

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    static List<String> templateNames() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/templates/mail"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).map(n -> n.replace(".txt", "")).sorted().toList();
        }
    }

    /** Every value any template reads, as the senders queue them (deferred links, times and durations). */
    static Map<String, String> model(boolean variant) {
        Map<String, String> m = new HashMap<>();
        m.put("username", "jdoe");
        m.put("displayName", "Jane <b>Doe</b> & Co");
        m.put("usernames", "jdoe, jdoe2");
        m.put("count", "2");
        m.put("supportUrl", MailLinks.deferred("/support"));
        m.put("forgotUrl", MailLinks.deferred("/forgot-password"));
        m.put("loginUrl", MailLinks.deferred("/login"));
        m.put("setupUrl", MailLinks.deferred("/setup/SETUPTOKEN"));
        m.put("resetUrl", MailLinks.deferred("/reset/RESETTOKEN"));
        m.put("when", MailValues.time(WHEN));
        m.put("from", variant ? "203.0.113.7" : MailValues.UNKNOWN_ADDRESS);
        m.put("validFor", MailValues.duration(Duration.ofHours(1)));
        m.put("lockDuration", MailValues.duration(Duration.ofMinutes(30)));
        m.put("temporaryPassword", "Tmp-7fQ2-kx9W-Lm3z");
        m.put("permanent", Boolean.toString(!variant));
        m.put("until", variant ? MailValues.time(WHEN.plusSeconds(3600)) : "");
        m.put("byAgent", Boolean.toString(variant));
        return MailLinks.resolve(m, ORIGIN);
    }

    private MailTemplates.Rendered render(String template, String language, boolean variant) {
        return templates.render(template, language, model(variant));
    }

    @Test
    void everyEmailRendersInEveryLanguageWithNothingMissing() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String template : templateNames()) {
            for (Languages.Language language : Languages.ALL) {
                for (boolean variant : new boolean[] {true, false}) {
                    MailTemplates.Rendered r = render(template, language.tag(), variant);
                    String where = template + " in " + language.tag() + (variant ? "" : " (other branch)");
                    if (r.subject() == null || r.subject().isBlank()) {
                        problems.add(where + ": no subject");
                    }
                    if (r.text().isBlank() || r.html().isBlank()) {
                        problems.add(where + ": an empty part");
                    }
                    for (String part : List.of(r.subject(), r.text(), r.html())) {
                        if (part.contains("??") || part.contains("{base-url}") || part.contains("{time}") || part.contains("{duration}")
                                || part.matches("(?s).*\\{\\d}.*")) {
                            problems.add(where + ": unresolved message or value: " + part);
                        }
                    }
                    if (!r.html().contains("lang=\"" + language.tag() + "\"")) {
                        problems.add(where + ": <html lang> is not " + language.tag());
                    }
                    if (r.html().contains("<b>Doe</b>")) {
                        problems.add(where + ": the display name is not escaped in the HTML part");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyLanguageButEnglishIsReallyTranslated() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String template : templateNames()) {
            MailTemplates.Rendered english = render(template, "en", true);
            for (Languages.Language language : Languages.ALL) {
                if (language.tag().equals("en")) {
                    continue;
                }
                MailTemplates.Rendered r = render(template, language.tag(), true);
                List<String> englishLines = english.text().lines().filter(l -> l.length() > 25).toList();
                for (String line : r.text().lines().toList()) {
                    if (englishLines.contains(line) && !line.startsWith("Temporary password: ") && !line.startsWith(ORIGIN)) {
                        problems.add(template + " in " + language.tag() + " has an English line: " + line);
                    }
                }
                if (r.subject().equals(english.subject())) {
                    problems.add(template + " in " + language.tag() + " has the English subject");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theTemporaryPasswordLineOfTheContractIsThereInEveryLanguage() {
        for (Languages.Language language : Languages.ALL) {
            MailTemplates.Rendered r = render("temporary-password", language.tag(), true);
            Matcher m = CONTRACT_LINE.matcher(r.text());
            assertThat(m.find()).as("contract line in " + language.tag() + ":\n" + r.text()).isTrue();
            assertThat(m.group(1)).isEqualTo("Tmp-7fQ2-kx9W-Lm3z");
            assertThat(r.text()).contains(ORIGIN + "/login");
            assertThat(r.html()).contains("href=\"" + ORIGIN + "/login\"").contains("Tmp-7fQ2-kx9W-Lm3z");
            if (!language.tag().equals("en")) {
                // the translated label comes alone on the line before the contract line
                String label = messages().getMessage("mail.temporary-password.label", null, language.locale());
                assertThat(r.text()).contains(label + "\nTemporary password: Tmp-7fQ2-kx9W-Lm3z\n");
            }
        }
    }

    @Test
    void theResetLinkIsThereInEveryLanguage() {
        for (Languages.Language language : Languages.ALL) {
            MailTemplates.Rendered r = render("reset-link", language.tag(), true);
            assertThat(r.text()).as(language.tag()).contains(ORIGIN + "/reset/RESETTOKEN");
            assertThat(r.html()).as(language.tag()).contains("href=\"" + ORIGIN + "/reset/RESETTOKEN\"");
            MailTemplates.Rendered setup = render("account-setup", language.tag(), true);
            assertThat(setup.text()).as(language.tag()).contains(ORIGIN + "/setup/SETUPTOKEN");
        }
    }

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");
    /** A URL is ASCII (RFC 3986): a full-width "）。" after one is the sentence's, not the link's. */
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9._~:/?#@!$&*+=%-]+");

    /**
     * Issue 16: HTML emails that common clients render. Every template in every language: the one
     * layout (its header once, its footer), tables for the layout, inline style attributes only (no
     * style element, no class, nothing fetched), a text part, and the same links in both parts.
     */
    @Test
    void everyHtmlEmailIsBuiltForMailClientsAndItsTextPartHasTheSameLinks() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String template : templateNames()) {
            for (Languages.Language language : Languages.ALL) {
                for (boolean variant : new boolean[] {true, false}) {
                    MailTemplates.Rendered r = render(template, language.tag(), variant);
                    String where = template + " in " + language.tag() + (variant ? "" : " (other branch)");
                    String html = r.html();
                    if (!html.contains("<table role=\"presentation\"") || html.split("<table", -1).length - 1 != 2) {
                        problems.add(where + ": not the layout's two tables");
                    }
                    for (String banned : List.of("<style", "class=", "<link", "<img", "<script", "url(", "src=", "@import")) {
                        if (html.contains(banned)) {
                            problems.add(where + ": holds " + banned);
                        }
                    }
                    if (html.split(">" + messages().getMessage("app.name", null, java.util.Locale.forLanguageTag(language.tag())) + "<", -1).length - 1 != 1) {
                        problems.add(where + ": the header is not there exactly once");
                    }
                    if (r.text().isBlank() || r.text().contains("<p") || r.text().contains("??")) {
                        problems.add(where + ": no clean text part");
                    }
                    java.util.Set<String> htmlLinks = new java.util.TreeSet<>();
                    Matcher h = HREF.matcher(html);
                    while (h.find()) {
                        htmlLinks.add(h.group(1).replace("&amp;", "&"));
                    }
                    java.util.Set<String> textLinks = new java.util.TreeSet<>();
                    Matcher t = URL.matcher(r.text());
                    while (t.find()) {
                        textLinks.add(t.group().replaceAll("[.,;:]+$", ""));
                    }
                    if (htmlLinks.isEmpty() || !htmlLinks.equals(textLinks)) {
                        problems.add(where + ": links differ: HTML " + htmlLinks + ", text " + textLinks);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void englishReadsAsItAlwaysDid() {
        MailTemplates.Rendered r = render("reset-requested", "en", true);
        assertThat(r.subject()).isEqualTo("A password reset was requested for your account");
        assertThat(r.text()).isEqualTo("""
                Hello Jane <b>Doe</b> & Co,

                A password reset was requested for your Certificate Services account jdoe.

                When: 2026-11-28 14:05 UTC
                From: 203.0.113.7 (started by a Support agent)

                A second email with the reset link follows. It should arrive within a minute or two; check your junk mail folder if it does not.

                If you did not ask for this, you can ignore both emails: your password stays as it is and keeps working. If you keep receiving them, contact Support.

                --
                Questions? Contact Certificate Services Support: https://portal.example/support
                This email was sent to the address registered for the account jdoe.
                """);
        assertThat(r.html()).contains("<p>Hello Jane &lt;b&gt;Doe&lt;/b&gt; &amp; Co,</p>")
                .contains("A password reset was requested for your Certificate Services account <strong>jdoe</strong>.");
        assertThat(render("temporary-password", "en", true).text()).doesNotContain("Temporary password:\n");
    }

    @Test
    void timesDurationsAndAnUnknownAddressAreWrittenInTheEmailsLanguage() {
        MailTemplates.Rendered fr = render("reset-refused-locked", "fr", true);
        assertThat(fr.text()).contains("Date et heure : 28 novembre 2026, 14:05 UTC")
                .contains("le 28 novembre 2026, 15:05 UTC (après 30 minutes)");
        assertThat(render("reset-link", "de", true).text()).contains("ist 1 Stunde gültig");
        assertThat(render("password-changed", "ja", false).text()).contains("日時: 2026年11月28日 14:05 UTC").contains("接続元: 不明");
        assertThat(render("password-changed", "en", false).text()).contains("When: 2026-11-28 14:05 UTC").contains("From: unknown");
    }

    @Test
    void rowsQueuedBeforeDeferredValuesAreSentAsTheyAre() {
        Map<String, String> old = new HashMap<>(model(true));
        old.put("when", "2026-11-28 14:05 UTC");
        old.put("validFor", "one hour");
        assertThat(templates.render("reset-link", "fr", old).text()).contains("pendant one hour");
        assertThat(templates.render("password-changed", "en", old).text()).contains("When: 2026-11-28 14:05 UTC");
    }

    @Test
    void aLanguageWithoutTranslationsGetsEnglish() {
        assertThat(render("reset-link", "pt", true).subject()).isEqualTo("Your password reset link");
        assertThat(render("reset-link", "zh_TW", true).subject()).isEqualTo(render("reset-link", "zh-TW", true).subject());
        assertThat(templates.render("reset-link", null, model(true)).subject()).isEqualTo("Your password reset link");
    }
}
