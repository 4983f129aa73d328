package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class LanguagesTest {

    @Test
    void aLangParameterNamesASupportedLanguageAsTagOrJavaName() {
        assertThat(Languages.parse("fr")).contains(Locale.FRENCH);
        assertThat(Languages.parse("FR")).contains(Locale.FRENCH);
        assertThat(Languages.parse("fr-CA")).contains(Locale.FRENCH);
        assertThat(Languages.parse("zh-TW")).contains(Locale.TAIWAN);
        assertThat(Languages.parse("zh_TW")).contains(Locale.TAIWAN);
        assertThat(Languages.parse("zh-Hant")).contains(Locale.TAIWAN);
    }

    @Test
    void anythingElseIsNoLanguage() {
        assertThat(Languages.parse("xx")).isEmpty();
        assertThat(Languages.parse("zh")).isEmpty();
        assertThat(Languages.parse("zh-CN")).isEmpty();
        assertThat(Languages.parse("")).isEmpty();
        assertThat(Languages.parse(null)).isEmpty();
        assertThat(Languages.parse("../../etc")).isEmpty();
        assertThat(Languages.parse("fr;DROP")).isEmpty();
        assertThat(Languages.parse("a".repeat(100))).isEmpty();
    }

    @Test
    void acceptLanguageGivesTheFirstSupportedLanguageByWeight() {
        assertThat(Languages.negotiate("ja")).isEqualTo(Locale.JAPANESE);
        assertThat(Languages.negotiate("sv-SE, de;q=0.8, en;q=0.5")).isEqualTo(Locale.GERMAN);
        assertThat(Languages.negotiate("en;q=0.3, nl-BE;q=0.9")).isEqualTo(Locale.forLanguageTag("nl"));
        assertThat(Languages.negotiate("zh-Hant")).isEqualTo(Locale.TAIWAN);
        assertThat(Languages.negotiate("zh-TW,zh;q=0.9")).isEqualTo(Locale.TAIWAN);
        assertThat(Languages.negotiate("zh-HK")).isEqualTo(Locale.TAIWAN);
        assertThat(Languages.negotiate("ko-KR")).isEqualTo(Locale.KOREAN);
    }

    @Test
    void withoutASupportedLanguageItIsEnglish() {
        assertThat(Languages.negotiate(null)).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.negotiate("")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.negotiate("sv, fi")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.negotiate("zh-CN")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.negotiate("fr;q=0")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.negotiate("*")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.negotiate(";;;q=x")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void theHtmlLangOfEveryLanguageIsItsTag() {
        for (Languages.Language l : Languages.ALL) {
            assertThat(l.locale().toLanguageTag()).isEqualTo(l.tag());
        }
    }
}
