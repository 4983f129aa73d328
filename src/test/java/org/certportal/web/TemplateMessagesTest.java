package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every message key a page template uses exists in messages.properties (petclinic's
 * I18nPropertiesSyncTest idea), so a translation can never miss a key without a test failing.
 */
class TemplateMessagesTest {

    private static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z0-9.\\-]+)[}(]");

    @Test
    void everyKeyUsedByATemplateIsDefined() throws Exception {
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/messages.properties")) {
            messages.load(in);
        }
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher m = KEY.matcher(Files.readString(f));
                while (m.find()) {
                    if (!messages.containsKey(m.group(1))) {
                        missing.add(f.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyEmailTemplateHasTextHtmlAndSubject() throws Exception {
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/messages.properties")) {
            messages.load(in);
        }
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/templates/mail"))) {
            for (Path txt : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                String name = txt.getFileName().toString().replace(".txt", "");
                assertThat(txt.resolveSibling(name + ".html")).exists();
                assertThat(messages).containsKey("mail." + name + ".subject");
            }
        }
    }
}
