package org.certportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The shipped directory holds every number, country, carrier and the hours of the seed article. */
class SupportDirectoryTest {

    static SupportDirectory shipped() throws Exception {
        try (InputStream in = SupportDirectoryTest.class.getResourceAsStream("/support/directory.yml")) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return SupportDirectoryLoader.parse(root);
        }
    }

    @Test
    void everyNumberOfTheArticle() throws Exception {
        SupportDirectory d = shipped();
        assertThat(d.hours().text()).isEqualTo("Sunday 8:00 PM ET to Friday 8:00 PM ET");
        assertThat(d.primary()).extracting(SupportDirectory.Line::number).containsExactly("1-866-267-9297", "1-613-270-2680");
        Map<String, List<String>> byCountry = d.countries().stream().collect(Collectors.toMap(SupportDirectory.Country::country,
                c -> c.numbers().stream().map(n -> n.number() + (n.note() == null ? "" : " (" + n.note() + ")")).toList()));
        String uitf = "800-3687-7863";
        assertThat(byCountry).containsEntry("Australia", List.of("0011 - " + uitf))
                .containsEntry("Austria", List.of("00 - " + uitf))
                .containsEntry("Belgium", List.of("00 - " + uitf))
                .containsEntry("Denmark", List.of("00 - " + uitf))
                .containsEntry("Finland", List.of("990 - " + uitf + " (Telecom Finland)", "00 - " + uitf + " (Finnet)"))
                .containsEntry("France", List.of("00 - " + uitf))
                .containsEntry("Germany", List.of("00 - " + uitf))
                .containsEntry("Hong Kong", List.of("001 - " + uitf + " (Voice)", "002 - " + uitf + " (Fax)"))
                .containsEntry("Ireland", List.of("00 - " + uitf))
                .containsEntry("Israel", List.of("014 - " + uitf))
                .containsEntry("Italy", List.of("00 - " + uitf))
                .containsEntry("Japan", List.of("001 - " + uitf + " (KDD)", "004 - " + uitf + " (ITJ)", "0061 - " + uitf + " (IDC)"))
                .containsEntry("Korea", List.of("001 - " + uitf + " (Korea Telecom)", "002 - " + uitf + " (Dacom)"))
                .containsEntry("Malaysia", List.of("00 - " + uitf))
                .containsEntry("Netherlands", List.of("00 - " + uitf))
                .containsEntry("New Zealand", List.of("00 - " + uitf))
                .containsEntry("Norway", List.of("00 - " + uitf))
                .containsEntry("Singapore", List.of("001 - " + uitf))
                .containsEntry("Spain", List.of("00 - " + uitf))
                .containsEntry("Sweden", List.of("00 - " + uitf + " (Telia)", "00 - " + uitf + " (Tele2)"))
                .containsEntry("Switzerland", List.of("00 - " + uitf))
                .containsEntry("Taiwan", List.of("00 - " + uitf))
                .containsEntry("United Kingdom", List.of("00 - " + uitf, "0800 121 6078", "+44 (0) 118 953 3088"));
        assertThat(byCountry).hasSize(23);
        assertThat(String.join(" ", d.notes().stream().map(SupportDirectory.Note::text).toList())).contains("Do not dial an extra \"1\" before the \"800\"").contains("Smart Phone users");
    }

    @Test
    void numbersBecomeDialableTelLinks() throws Exception {
        SupportDirectory d = shipped();
        assertThat(d.primary().get(0).telUri()).isEqualTo("tel:+18662679297");
        SupportDirectory.Line finland = d.countries().stream().filter(c -> c.code().equals("FI")).findFirst().orElseThrow().numbers().get(0);
        assertThat(finland.telUri()).isEqualTo("tel:99080036877863");
    }
}
