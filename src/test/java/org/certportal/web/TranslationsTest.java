package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every language of {@link Languages} has a messages file with exactly the keys of
 * messages.properties, the same placeholders, valid UTF-8 (what Spring Boot's message source reads),
 * and text that neither MessageFormat nor a page can misread.
 */
class TranslationsTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");
    private static final Pattern BUNDLE = Pattern.compile("messages_(.+)\\.properties");
    /** A tag or an entity; a choice format's "1<{0} hours" is neither. */
    private static final Pattern MARKUP = Pattern.compile("<[A-Za-z/!?]|&");

    private static Path file(Languages.Language language) {
        return RESOURCES.resolve("messages_" + language.tag().replace('-', '_') + ".properties");
    }

    private static Properties load(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(path + " is not valid UTF-8", e);
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private static Set<String> placeholders(String message) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(message);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<Languages.Language> translations() {
        return Languages.ALL.stream().filter(l -> !l.tag().equals("en")).toList();
    }

    @Test
    void everyLanguageHasExactlyTheKeysOfTheEnglishMessages() throws IOException {
        Properties english = load(RESOURCES.resolve("messages.properties"));
        List<String> problems = new ArrayList<>();
        for (Languages.Language language : translations()) {
            assertThat(file(language)).as("messages file of " + language.tag()).exists();
            Properties translated = load(file(language));
            for (String key : english.stringPropertyNames()) {
                if (!translated.containsKey(key)) {
                    problems.add(language.tag() + ": missing " + key);
                } else if (translated.getProperty(key).isBlank()) {
                    problems.add(language.tag() + ": empty " + key);
                }
            }
            for (String key : translated.stringPropertyNames()) {
                if (!english.containsKey(key)) {
                    problems.add(language.tag() + ": unknown key " + key);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void placeholdersAreTheSameInEveryLanguage() throws IOException {
        Properties english = load(RESOURCES.resolve("messages.properties"));
        List<String> problems = new ArrayList<>();
        for (Languages.Language language : translations()) {
            Properties translated = load(file(language));
            for (String key : english.stringPropertyNames()) {
                String value = translated.getProperty(key);
                if (value != null && !placeholders(value).equals(placeholders(english.getProperty(key)))) {
                    problems.add(language.tag() + ": " + key + " has " + placeholders(value) + ", English has " + placeholders(english.getProperty(key)));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * A message with arguments goes through MessageFormat, where a lone ' starts a quoted section
     * and swallows the placeholders after it ("l'{0}" would print "l{0}"): such a message writes
     * '' or a typographic apostrophe. And a message may be shown unescaped (th:utext), so no markup.
     */
    @Test
    void messagesAreSafeForMessageFormatAndHtml() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        files.add(RESOURCES.resolve("messages.properties"));
        translations().forEach(l -> files.add(file(l)));
        for (Path f : files) {
            Properties p = load(f);
            for (String key : p.stringPropertyNames()) {
                String value = p.getProperty(key);
                if (!placeholders(value).isEmpty() && value.replace("''", "").contains("'")) {
                    problems.add(f.getFileName() + ": " + key + " has a lone ' in a message with arguments");
                }
                if (MARKUP.matcher(value).find()) {
                    problems.add(f.getFileName() + ": " + key + " holds markup characters");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMessagesFileIsALanguageOfTheSwitcher() throws IOException {
        Set<String> listed = new TreeSet<>();
        Languages.ALL.forEach(l -> listed.add(l.tag().replace('-', '_')));
        List<String> unlisted = new ArrayList<>();
        try (Stream<Path> files = Files.list(RESOURCES)) {
            files.map(p -> BUNDLE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).filter(tag -> !listed.contains(tag)).forEach(unlisted::add);
        }
        assertThat(unlisted).as("messages files whose language is not in Languages.ALL").isEmpty();
    }

    @Test
    void theSeedsSentencesStayEnglishInEnglishAndAreTranslatedElsewhere() throws IOException {
        Properties english = load(RESOURCES.resolve("messages.properties"));
        assertThat(english.getProperty("login.forgotPassword")).isEqualTo("I've forgotten my password");
        assertThat(english.getProperty("changed.heading")).isEqualTo("Your password has been successfully reset!");
        for (Languages.Language language : translations()) {
            Properties translated = load(file(language));
            assertThat(translated.getProperty("login.forgotPassword")).as(language.tag()).isNotEqualTo(english.getProperty("login.forgotPassword"));
            assertThat(translated.getProperty("changed.heading")).as(language.tag()).isNotEqualTo(english.getProperty("changed.heading"));
        }
    }
}
