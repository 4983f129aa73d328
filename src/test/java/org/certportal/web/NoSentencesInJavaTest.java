package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: no sentence shown to people lives in Java. Pages, emails and the strength meter get codes
 * and arguments from Java and put them into words through messages*.properties, in the reader's
 * language. This walks the Java sources of every package a page can reach and refuses a string
 * literal written as a sentence (a capitalised word, at least two more words, a full stop, question
 * or exclamation mark), the shape the old password-policy reasons and form errors had. Left out:
 * comments, log lines, exception messages and configuration-validation messages (operators read
 * those, in English), and the command line, which stays English by design.
 */
class NoSentencesInJavaTest {

    private static final Path SOURCES = Path.of("src/main/java/org/certportal");
    private static final List<String> WEB_FACING = List.of("account", "audit", "credential", "factor", "login", "mail", "recovery",
            "support", "web", "platform", "throttle");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SENTENCE = Pattern.compile("(^|\\s)[A-Z][a-z’']+(\\s+\\S+){2,}[.!?]$");
    private static final Pattern OPERATOR_TEXT = Pattern.compile(
            "\\blog\\.(trace|debug|info|warn|error)\\(|throw new|Exception\\(|message\\s*=|requireNonNull|\\.description\\(|System\\.(out|err)");

    @Test
    void webFacingJavaHoldsNoSentenceForPeople() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : WEB_FACING) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(module))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    found.addAll(sentences(file));
                }
            }
        }
        assertThat(found).as("sentences in Java: give a code and let messages*.properties say it").isEmpty();
    }

    @Test
    void theCheckRecognisesTheOldReasons() {
        assertThat(isSentence("Use at least 15 characters.")).isTrue();
        assertThat(isSentence("That is not your current password.")).isTrue();
        assertThat(isSentence("password.problem.too-short")).isFalse();
        assertThat(isSentence("change.error.currentWrong.temporary")).isFalse();
        assertThat(isSentence("yyyy-MM-dd HH:mm 'UTC'")).isFalse();
    }

    static List<String> sentences(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (inComment) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("//") || line.startsWith("*") || line.startsWith("@") || OPERATOR_TEXT.matcher(line).find()
                    || (i > 0 && OPERATOR_TEXT.matcher(lines.get(i - 1)).find() && !lines.get(i - 1).strip().endsWith(";"))) {
                continue;
            }
            Matcher m = LITERAL.matcher(line);
            while (m.find()) {
                if (isSentence(m.group(1))) {
                    found.add(SOURCES.relativize(file) + ":" + (i + 1) + ": \"" + m.group(1) + "\"");
                }
            }
        }
        return found;
    }

    static boolean isSentence(String literal) {
        return SENTENCE.matcher(literal.strip()).find();
    }
}
