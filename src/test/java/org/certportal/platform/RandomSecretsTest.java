package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomSecretsTest {

    private final RandomSecrets random = new RandomSecrets();

    @Test
    void resetTokensCarry256BitsUrlSafe() {
        String token = random.urlToken(32);
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void temporaryPasswordsCarry100BitsInReadableGroups() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String p = random.readablePassword(4);
            assertThat(p).matches("[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}");
            seen.add(p);
        }
        assertThat(seen).hasSize(1000);
    }
}
