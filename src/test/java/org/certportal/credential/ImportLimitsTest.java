package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * An imported hash may cost no more than the portal's own (issue 13, item 9): the caps exist, name
 * their limit, follow the configured cost, and a hash at a cap is accepted and works. No timing
 * assertion: the cost of each setting relative to a normal check is measured once, in ImportLimits.
 */
class ImportLimitsTest {

    private static final String PASSWORD = "violet tractor humming seventeen";
    private static final ImportLimits DEFAULTS = ImportLimits.forCost(PasswordProperties.defaults());

    private static String django(String digest, int iterations) throws Exception {
        byte[] dk = SecretKeyFactory.getInstance("PBKDF2WithHmac" + digest.toUpperCase())
                .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), "saltsaltsalt".getBytes(StandardCharsets.UTF_8), iterations, 256)).getEncoded();
        return "pbkdf2_" + digest + "$" + iterations + "$saltsaltsalt$" + Base64.getEncoder().encodeToString(dk);
    }

    @Test
    void atTheDefaultCostTheCapsAreTheMeasuredSettingsNoDearerThanANormalCheck() {
        assertThat(DEFAULTS.bcryptMaxCost()).isEqualTo(9);
        assertThat(DEFAULTS.argon2MaxWork()).isEqualTo(19456L * 2);
        assertThat(DEFAULTS.argon2MaxParallelism()).isEqualTo(4);
        assertThat(DEFAULTS.pbkdf2MinIterations()).isEqualTo(10_000);
        assertThat(DEFAULTS.pbkdf2MaxIterations()).containsEntry("sha1", 40_000).containsEntry("sha256", 100_000).containsEntry("sha512", 20_000);
    }

    @Test
    void theCapsFollowTheConfiguredCost() {
        ImportLimits doubled = ImportLimits.forCost(new PasswordProperties.Argon2(19456, 4, 1));
        assertThat(doubled.bcryptMaxCost()).isEqualTo(10);
        assertThat(doubled.pbkdf2MaxIterations()).containsEntry("sha256", 200_000);
        assertThat(doubled.argon2MaxWork()).isEqualTo(19456L * 4);

        ImportLimits cheapest = ImportLimits.forCost(new PasswordProperties.Argon2(7168, 1, 1));
        assertThat(cheapest.bcryptMaxCost()).isEqualTo(6);
        assertThat(cheapest.pbkdf2MaxIterations().values()).as("never below the floor").allSatisfy(max -> assertThat(max).isGreaterThanOrEqualTo(10_000));
    }

    @Test
    void aDearerHashIsRefusedNamingTheLimit() {
        String bcrypt14 = "$2b$14$" + "a".repeat(53);
        assertThat(ImportedHash.problem(bcrypt14, DEFAULTS)).hasValueSatisfying(p -> assertThat(p).startsWith("bcrypt cost 14 is above the import limit of 9"));
        String bigArgon = "$argon2id$v=19$m=262144,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43);
        assertThat(ImportedHash.problem(bigArgon, DEFAULTS))
                .hasValueSatisfying(p -> assertThat(p).startsWith("Argon2 cost m=262144,t=3 is above the import limit of memory x iterations <= 38912 KiB"));
        String wideArgon = "$argon2id$v=19$m=19456,t=2,p=16$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43);
        assertThat(ImportedHash.problem(wideArgon, DEFAULTS)).hasValueSatisfying(p -> assertThat(p).startsWith("Argon2 parallelism p=16 is above the import limit of 4"));
        String noCost = "$argon2id$v=19$m=19456,t=2$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43);
        assertThat(ImportedHash.problem(noCost, DEFAULTS)).hasValueSatisfying(p -> assertThat(p).startsWith("unrecognised Argon2 parameters"));
        assertThat(ImportedHash.problem("pbkdf2_sha256$600000$salt$E2mD54hHRBD9/QaYlRQ0tKByc/hoeW8FUsx1qlfLA7A=", DEFAULTS))
                .hasValueSatisfying(p -> assertThat(p).startsWith("PBKDF2-SHA256 with 600000 iterations is above the import limit of 100000"));
    }

    @Test
    void aPbkdf2HashFromOneIterationIsRefusedAsTooCheap() {
        assertThat(ImportedHash.problem("pbkdf2_sha256$1$salt$E2mD54hHRBD9/QaYlRQ0tKByc/hoeW8FUsx1qlfLA7A=", DEFAULTS))
                .hasValueSatisfying(p -> assertThat(p).startsWith("PBKDF2 with 1 iterations is below the import minimum of 10000"));
        assertThat(ImportedHash.problem("$pbkdf2-sha1$9999$c2FsdA$AAAA", DEFAULTS)).hasValueSatisfying(p -> assertThat(p).contains("below the import minimum"));
    }

    @Test
    void emptyOrUnrecognisedHashesAreReportedAsBefore() {
        assertThat(ImportedHash.problem("", DEFAULTS)).isEmpty();
        assertThat(ImportedHash.problem(null, DEFAULTS)).isEmpty();
        assertThat(ImportedHash.problem("5f4dcc3b5aa765d61d8327deb882cf99", DEFAULTS)).hasValueSatisfying(p -> assertThat(p).startsWith("unrecognised password hash"));
    }

    @Test
    void hashesAtEveryCapAreAcceptedAndWork() throws Exception {
        PasswordHasher hasher = new PasswordHasher(PasswordProperties.defaults());
        try (hasher) {
            String bcrypt = new BCryptPasswordEncoder(DEFAULTS.bcryptMaxCost()).encode(PASSWORD);
            String argon = new Argon2PasswordEncoder(16, 32, 4, 38912, 1).encode(PASSWORD);
            String sha256 = django("sha256", 100_000);
            String sha1 = django("sha1", 40_000);
            String sha512 = django("sha512", 20_000);
            String floor = django("sha256", 10_000);
            for (String exported : new String[] {bcrypt, argon, sha256, sha1, sha512, floor}) {
                assertThat(ImportedHash.problem(exported, DEFAULTS)).as(exported).isEmpty();
                String stored = ImportedHash.toStored(exported).orElseThrow();
                assertThat(hasher.matches(PASSWORD, stored)).as(exported).isTrue();
                assertThat(hasher.matches("wrong " + PASSWORD, stored)).as(exported).isFalse();
            }
        }
    }
}
