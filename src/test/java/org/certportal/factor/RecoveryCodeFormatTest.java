package org.certportal.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodeFormatTest {

    private final RecoveryCodes codes = new RecoveryCodes(null, null, null);

    @Test
    void aCodeIsTwelveCrockfordCharactersInThreeGroupsSoSixtyBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = codes.generate();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
            seen.add(code);
        }
        assertThat(seen).hasSize(1000);
        // 12 characters of a 32-letter alphabet: 60 bits, above the 50 the issue asks for
        assertThat(RecoveryCodes.LENGTH * 5).isGreaterThanOrEqualTo(50);
    }

    @Test
    void typingIsForgivingButNothingElseIsACode() {
        assertThat(RecoveryCodes.normalize("abcd-efgh-jkmn")).isEqualTo("ABCDEFGHJKMN");
        assertThat(RecoveryCodes.normalize("ABCD EFGH JKMN")).isEqualTo("ABCDEFGHJKMN");
        assertThat(RecoveryCodes.normalize("OIL0-0000-0000")).isEqualTo("011000000000");
        assertThat(RecoveryCodes.normalize("ABCD-EFGH-JKM")).isNull();
        assertThat(RecoveryCodes.normalize("ABCD-EFGH-JKMU")).as("U is not in the alphabet").isNull();
        assertThat(RecoveryCodes.normalize("123456")).isNull();
        assertThat(RecoveryCodes.normalize("x".repeat(100))).isNull();
        assertThat(RecoveryCodes.normalize(null)).isNull();
    }
}
