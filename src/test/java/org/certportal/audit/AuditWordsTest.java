package org.certportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The console and /account show each event as words (fragments.html falls back to the bare constant, so a type
 * without its key shows "OIDC_SIGN_IN" to a person). TranslationsTest then holds every language to the same keys.
 */
class AuditWordsTest {

    @Test
    void everyEventTypeAndOutcomeHasItsWords() throws Exception {
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/messages.properties")) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(Arrays.stream(AuditType.values()).map(t -> "audit.type." + t.name()))
                .allSatisfy(key -> assertThat(messages.getProperty(key)).as(key).isNotBlank());
        assertThat(Arrays.stream(AuditOutcome.values()).map(o -> "audit.outcome." + o.name()))
                .allSatisfy(key -> assertThat(messages.getProperty(key)).as(key).isNotBlank());
    }
}
