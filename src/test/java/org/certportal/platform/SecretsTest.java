package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The primitives behind every secret at rest: OWASP ASVS 5.0 V11.2.3, V11.3.1-3, V11.4.3. */
class SecretsTest {

    private static Secrets secrets(byte fill) {
        byte[] master = new byte[32];
        java.util.Arrays.fill(master, fill);
        return new Secrets(new PortalProperties(URI.create("http://localhost:8080"), Path.of("target/test-data/secrets"), List.of(),
                Base64.getEncoder().encodeToString(master)));
    }

    @Test
    void encryptionIsAes256GcmWithAFreshNonceAndA128BitTag() throws Exception {
        Secrets s = secrets((byte) 1);
        byte[] plain = "Temporary password: 7KQ2M-XH3PA".getBytes(StandardCharsets.UTF_8);
        byte[] one = s.encrypt(plain);
        byte[] two = s.encrypt(plain);
        assertThat(one).hasSize(12 + plain.length + 16).isNotEqualTo(two);
        assertThat(s.decrypt(one)).isEqualTo(plain);
        assertThat(s.decrypt(two)).isEqualTo(plain);
        Field key = Secrets.class.getDeclaredField("encryptionKey");
        key.setAccessible(true);
        SecretKeySpec spec = (SecretKeySpec) key.get(s);
        assertThat(spec.getAlgorithm()).isEqualTo("AES");
        assertThat(spec.getEncoded()).hasSize(32);
    }

    @Test
    void aChangedByteOrAnotherKeyIsRefusedNotDecrypted() {
        Secrets s = secrets((byte) 1);
        byte[] box = s.encrypt("outbox body".getBytes(StandardCharsets.UTF_8));
        for (int i : new int[] {0, 12, box.length - 1}) {
            byte[] tampered = box.clone();
            tampered[i] ^= 1;
            assertThatThrownBy(() -> s.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> secrets((byte) 2).decrypt(box)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyedHashesAreHmacSha256PerPurposeAndPerKey() {
        Secrets s = secrets((byte) 1);
        String h = s.keyedHash("reset-token", "abc");
        assertThat(h).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(s.keyedHash("reset-token", "abc")).isEqualTo(h);
        assertThat(s.keyedHash("temporary-password", "abc")).isNotEqualTo(h);
        assertThat(secrets((byte) 2).keyedHash("reset-token", "abc")).isNotEqualTo(h);
        assertThat(Secrets.sameHash(h, s.keyedHash("reset-token", "abc"))).isTrue();
        assertThat(Secrets.sameHash(h, null)).isFalse();
    }

    @Test
    void aMasterKeyShorterThan256BitsIsRefusedAtStart() {
        assertThatThrownBy(() -> new Secrets(new PortalProperties(URI.create("http://localhost:8080"), Path.of("target/test-data/secrets"), List.of(),
                Base64.getEncoder().encodeToString(new byte[16])))).isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    }
}
