package org.certportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Issue 16: /support in the visitor's language, the moment it opens or closes said once, the numbers as the article lists them. */
class SupportPageIT extends IntegrationTest {

    private static final Pattern STATUS = Pattern.compile("<p class=\"status (?:open|closed)\">(.*?)</p>", Pattern.DOTALL);

    private static String status(String body) {
        Matcher m = STATUS.matcher(body);
        assertThat(m.find()).as("the open/closed line").isTrue();
        return m.group(1).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip();
    }

    @Test
    void theClosingOrOpeningMomentIsSaidOnce() {
        String body = browser().get("/support?lang=en").body();
        String status = status(body);
        // Before: "Closes in 74 h 45 min (Saturday 01:00 UTC). (Saturday, December 5 at 01:00 AM UTC)"
        assertThat(status).matches("(Open now\\. Closes|Closed now\\. Opens) in \\d+ h \\d+ min \\([A-Z][a-z]+day \\d\\d:\\d\\d UTC\\)\\.");
        assertThat(body).doesNotContain("class=\"local-time\"").contains("data-template=\"").contains("{2}");
        assertThat(body).contains("Sunday 8:00 PM ET to Friday 8:00 PM ET").contains("North America (toll free):")
                .contains("Smart Phone users may use the 1-800 numbers shown in the table below.");
    }

    @Test
    void theDirectorySpeaksThePagesLanguageAndKeepsTheNumbersAsWritten() {
        String french = browser().get("/support?lang=fr").body();
        assertThat(status(french)).matches("(Ouvert|Fermé).*\\((lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \\d\\d:\\d\\d UTC\\)\\.");
        assertThat(french).contains("Du dimanche 20:00 au vendredi 20:00").contains("Amérique du Nord (appel gratuit) :")
                .contains(">Allemagne<").contains(">Royaume-Uni<").contains(">Japon<").contains("(Voix)")
                .contains("1-866-267-9297").contains("0011 - 800-3687-7863").contains("+44 (0) 118 953 3088").contains("(Telecom Finland)")
                .doesNotContain(">Germany<").doesNotContain("Smart Phone users");
        // alphabetical in French: Allemagne before Australie before Autriche
        assertThat(french.indexOf(">Allemagne<")).isLessThan(french.indexOf(">Australie<"));
        assertThat(french.indexOf(">Australie<")).isLessThan(french.indexOf(">Autriche<"));

        String japanese = browser().get("/support?lang=ja").body();
        assertThat(japanese).contains(">ドイツ<").contains(">日本<").contains("北米 (フリーダイヤル):").contains("日曜日 20:00～金曜日 20:00");
        // a country is found by its name in the page's language as well as in English
        assertThat(browser().get("/support?lang=de&q=Deutschland").body()).contains(">Deutschland<").doesNotContain(">Frankreich<");
    }
}
