package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The native libargon2 path writes and reads exactly BouncyCastle's strings. On CI libargon2-1 is installed
 * (.ci/run); a machine without it skips the native tests and still runs the fallback one.
 */
class NativeArgon2Test {

    private static final String PASSWORD = "violet tractor humming seventeen";
    private static NativeArgon2 lib;

    @BeforeAll
    static void load() {
        lib = NativeArgon2.load().orElse(null);
    }

    private static NativeArgon2 lib() {
        assumeThat(lib).as("libargon2 loads on this machine (Debian: libargon2-1)").isNotNull();
        return lib;
    }

    private static PasswordHasher hasher(PasswordProperties.Implementation implementation) {
        PasswordProperties d = PasswordProperties.defaults();
        return new PasswordHasher(new PasswordProperties(d.minLength(), d.maxLength(), d.historySize(), 1,
                new PasswordProperties.Argon2(7168, 1, 1, implementation), d.pwned()));
    }

    @Test
    void rfc9106TestVectorForArgon2id() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);
        byte[] tag = lib().hash(NativeArgon2.Type.ID, 32, 3, 4, password, salt, secret, associated, 32);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void theSelfTestAnswerIsBouncyCastles() {
        org.bouncycastle.crypto.generators.Argon2BytesGenerator g = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        g.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(0x13).withMemoryAsKB(256).withIterations(2).withParallelism(1).withSalt("somesalt".getBytes()).build());
        byte[] out = new byte[32];
        g.generateBytes("password".getBytes(), out);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(NativeArgon2.SELF_TEST_TAG);
    }

    @Test
    void nativeHashesAreVerifiedByBouncyCastleAndTheOtherWayRound() {
        NativeArgon2PasswordEncoder nativeEncoder = new NativeArgon2PasswordEncoder(lib(), 1, 7168, 2);
        Argon2PasswordEncoder bc = new Argon2PasswordEncoder(16, 32, 1, 7168, 2);

        String byNative = nativeEncoder.encode(PASSWORD);
        assertThat(byNative).matches("\\$argon2id\\$v=19\\$m=7168,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(bc.matches(PASSWORD, byNative)).isTrue();
        assertThat(bc.matches(PASSWORD + "!", byNative)).isFalse();

        String byJava = bc.encode(PASSWORD);
        assertThat(nativeEncoder.matches(PASSWORD, byJava)).isTrue();
        assertThat(nativeEncoder.matches(PASSWORD + "!", byJava)).isFalse();
        assertThat(nativeEncoder.matches("", byJava)).isFalse();
    }

    @Test
    void otherVariantsAndParametersOfImportedHashesAreCheckedToo() {
        NativeArgon2PasswordEncoder nativeEncoder = new NativeArgon2PasswordEncoder(lib(), 1, 7168, 2);
        Argon2PasswordEncoder wider = new Argon2PasswordEncoder(8, 64, 2, 4096, 3);
        String imported = wider.encode(PASSWORD);
        assertThat(nativeEncoder.matches(PASSWORD, imported)).isTrue();
        assertThat(nativeEncoder.matches("wrong", imported)).isFalse();
        assertThat(nativeEncoder.upgradeEncoding(imported)).as("cheaper than configured").isTrue();
        // the reference implementation's own test (argon2 src/test.c), argon2id v=19
        assertThat(nativeEncoder.matches("password",
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")).isTrue();
        assertThat(nativeEncoder.matches("password", "$argon2id$v=19$m=7168,t=2,p=1$not base64!$xx")).isFalse();
        assertThat(nativeEncoder.matches("password", "garbage")).isFalse();
    }

    @Test
    void theHasherUsesTheNativeLibraryWhenAskedAndItsStringsAreUnchanged() {
        lib();
        PasswordHasher nativeHasher = hasher(PasswordProperties.Implementation.NATIVE);
        PasswordHasher javaHasher = hasher(PasswordProperties.Implementation.JAVA);
        assertThat(nativeHasher.implementation()).isEqualTo("native");
        assertThat(hasher(PasswordProperties.Implementation.AUTO).implementation()).isEqualTo("native");
        assertThat(javaHasher.implementation()).isEqualTo("java");

        String stored = nativeHasher.hash(PASSWORD);
        assertThat(stored).startsWith("{argon2id}$argon2id$v=19$m=7168,t=1,p=1$");
        assertThat(javaHasher.matches(PASSWORD, stored)).isTrue();
        assertThat(nativeHasher.matches(PASSWORD, javaHasher.hash(PASSWORD))).isTrue();
        assertThat(nativeHasher.matches("violet tractor humming seventeen ", stored)).isFalse();
        assertThat(nativeHasher.needsUpgrade(stored)).isFalse();
    }

    @Test
    void withoutTheLibraryAutoFallsBackToBouncyCastleAndNativeRefusesToStart() {
        PasswordHasher forced = hasher(PasswordProperties.Implementation.JAVA);
        assertThat(forced.implementation()).isEqualTo("java");
        String stored = forced.hash(PASSWORD);
        assertThat(forced.matches(PASSWORD, stored)).isTrue();
        assertThat(forced.matches("wrong", stored)).isFalse();

        // a machine without libargon2: the library is looked for under a name that does not exist
        String before = System.getProperty(NativeArgon2.LIBRARY_PROPERTY);
        System.setProperty(NativeArgon2.LIBRARY_PROPERTY, "certportal-no-such-argon2");
        try {
            Optional<NativeArgon2> none = NativeArgon2.load();
            assertThat(none).isEmpty();
            PasswordHasher auto = hasher(PasswordProperties.Implementation.AUTO);
            assertThat(auto.implementation()).isEqualTo("java");
            assertThat(auto.matches(PASSWORD, stored)).isTrue();
            assertThatThrownBy(() -> hasher(PasswordProperties.Implementation.NATIVE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("libargon2 did not load").hasMessageContaining("apt-get install libargon2-1");
        } finally {
            if (before == null) {
                System.clearProperty(NativeArgon2.LIBRARY_PROPERTY);
            } else {
                System.setProperty(NativeArgon2.LIBRARY_PROPERTY, before);
            }
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
