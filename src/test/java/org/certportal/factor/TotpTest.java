package org.certportal.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The RFCs' own test vectors, and the drift and replay rules, without Spring. */
class TotpTest {

    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hotpMatchesTheTestVectorsOfRfc4226AppendixD() {
        String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"};
        for (int counter = 0; counter < expected.length; counter++) {
            assertThat(Totp.hotp(RFC_KEY, counter, 6, "HmacSHA1")).as("counter " + counter).isEqualTo(expected[counter]);
        }
    }

    @Test
    void totpMatchesTheSha1TestVectorsOfRfc6238AppendixB() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] expected = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < times.length; i++) {
            long step = Totp.step(Instant.ofEpochSecond(times[i]));
            assertThat(Totp.hotp(RFC_KEY, step, 8, "HmacSHA1")).as("T=" + times[i]).isEqualTo(expected[i]);
            // the apps' 6 digits are the last 6 of the 8 (the same truncation, modulo 10^6)
            assertThat(Totp.code(RFC_KEY, step)).isEqualTo(expected[i].substring(2));
        }
    }

    @Test
    void aCodeIsAcceptedOneStepEitherWayButNotTwo() {
        Instant now = Instant.ofEpochSecond(1111111111L);
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step), now, Long.MIN_VALUE)).hasValue(step);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 1), now, Long.MIN_VALUE)).hasValue(step - 1);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 1), now, Long.MIN_VALUE)).hasValue(step + 1);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 2), now, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 2), now, Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void aCodeOfAStepAlreadyAcceptedOrEarlierIsRefused() {
        Instant now = Instant.ofEpochSecond(1111111111L);
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step), now, step)).isEmpty();
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 1), now, step)).isEmpty();
        assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 1), now, step)).hasValue(step + 1);
    }

    @Test
    void onlySixAsciiDigitsAreACode() {
        assertThat(Totp.isCode("123456")).isTrue();
        assertThat(Totp.isCode("12345")).isFalse();
        assertThat(Totp.isCode("1234567")).isFalse();
        assertThat(Totp.isCode("12a456")).isFalse();
        assertThat(Totp.isCode("١٢٣٤٥٦")).as("Arabic-Indic digits").isFalse();
        assertThat(Totp.isCode(null)).isFalse();
    }

    @Test
    void base32FollowsRfc4648() {
        String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] v : vectors) {
            assertThat(Base32.encode(v[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(v[1]);
            assertThat(new String(Base32.decode(v[1].toLowerCase()), StandardCharsets.US_ASCII)).isEqualTo(v[0]);
        }
        assertThat(Base32.encode(new byte[20])).hasSize(32);
    }
}
