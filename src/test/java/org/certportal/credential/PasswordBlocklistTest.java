package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The shipped list of common and breached passwords. */
class PasswordBlocklistTest {

    private static final PasswordBlocklist SHIPPED = PasswordBlocklist.standard();

    @Test
    void theShippedListHoldsAtLeastTheHundredThousandMostCommonPasswords() throws IOException {
        assertThat(SHIPPED.size()).isGreaterThanOrEqualTo(400_000);
        // Every line of the resource is one distinct entry.
        long lines;
        try (InputStream in = new GZIPInputStream(PasswordBlocklist.class.getResourceAsStream(PasswordBlocklist.RESOURCE))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
        assertThat(SHIPPED.size()).isEqualTo((int) lines);
    }

    @Test
    void itHoldsTheUsualSuspects() {
        for (String p : new String[] {"123456", "password", "qwerty", "iloveyou", "dragon", "letmein", "trustno1", "1qaz2wsx",
                "manchesterunited", "passwordpassword", "correct horse battery staple"}) {
            assertThat(SHIPPED.contains(p)).as(p).isTrue();
        }
    }

    @Test
    void matchingIgnoresCaseAfterNfc() {
        assertThat(SHIPPED.contains("PassWord")).isTrue();
        assertThat(SHIPPED.contains("ILOVEYOU")).isTrue();
        PasswordBlocklist own = PasswordBlocklist.of("Ünïcödé");
        assertThat(own.contains("ünïcödé")).isTrue();
        assertThat(own.contains(Normalizer.normalize("ÜNÏCÖDÉ", Normalizer.Form.NFD))).isTrue();
        assertThat(own.contains("unicode")).isFalse();
    }

    @Test
    void itDoesNotHoldGoodPasswords() {
        for (String p : new String[] {"violet tractor humming seventeen", "marble lantern orchestra drifting", "Vq7#mZ2!pL9@xRt", ""}) {
            assertThat(SHIPPED.contains(p)).as(p).isFalse();
        }
        assertThat(SHIPPED.contains(null)).isFalse();
    }

    @Test
    void itIsCompactInMemory() {
        // 8 bytes an entry: about 3.3 MB for the shipped list.
        assertThat(SHIPPED.retainedBytes()).isEqualTo(16L + 8L * SHIPPED.size()).isLessThan(4_000_000L);
    }

    @Test
    void aListReadFromAStreamSkipsEmptyLinesAndDuplicates() throws IOException {
        PasswordBlocklist list = PasswordBlocklist.read(new ByteArrayInputStream("alpha\n\nBeta\nbeta\nALPHA\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.contains("alpha")).isTrue();
        assertThat(list.contains("BETA")).isTrue();
        assertThat(PasswordBlocklist.empty().contains("alpha")).isFalse();
    }
}
