package org.certportal.credential;

import java.util.Map;

/**
 * How costly an imported hash may be. A wrong password is checked against the account's own hash,
 * so an imported hash dearer than the portal's own makes the imported accounts answer slower: timing
 * singled them out (a bcrypt-14 or a 256 MiB Argon2 import took 1.5-3.5 s per wrong password), and
 * it told an existing account from an unknown username, which is checked against a normal hash.
 *
 * <p>So every cap is "no dearer than a normal check at the configured Argon2id cost". Measured here
 * (2 shared cores, Java 17, the same wrong-password check, best of 12-24 checks per setting in
 * interleaved rounds; three runs, the machine's load varied, so the figures are ratios to the Argon2id check of
 * the same run): at the default m=19456 KiB, t=2, p=1 (38-73 ms) bcrypt 9 cost 0.6-0.8x, bcrypt 10
 * 1.9-2.5x, bcrypt 11 ~5x, bcrypt 12 5-10x; PBKDF2-SHA256 100,000 iterations 0.7-0.9x, PBKDF2-SHA1
 * 50,000 0.7-1.2x, PBKDF2-SHA512 30,000 1.0-1.4x (the JDK's implementations). Argon2's work is
 * memory x passes (BouncyCastle fills the lanes one after the other: m=38912,t=1,p=4 cost 1.1x).
 * The caps are the dearest setting at or below 1x. An operator who raises the Argon2id cost gets
 * proportionally dearer imports accepted (doubling memory x iterations admits bcrypt 10), one who
 * lowers it cheaper ones only.
 *
 * <p>PBKDF2 also has a floor: 10,000 iterations, the first default of Django's PBKDF2 hasher (1.4,
 * 2012) and above every mainstream framework's default since. Below it a stolen copy of the
 * database (before the owner's next sign-in re-hashes the password) costs an attacker little more
 * than an unsalted fast hash. OWASP's 600,000 for PBKDF2-SHA256 is what a new hash should use, and
 * is above the ceiling here anyway (it costs 3-6x a normal check on this JDK): such rows are imported
 * without a hash, and their owners set a password through recovery.
 */
public record ImportLimits(int bcryptMaxCost, long argon2MaxWork, int argon2MaxParallelism, int pbkdf2MinIterations, Map<String, Integer> pbkdf2MaxIterations) {

    /** The default cost's work (KiB x passes) that the figures above were measured against. */
    static final long REFERENCE_WORK = 19456L * 2;
    static final int BCRYPT_AT_REFERENCE = 9;
    static final Map<String, Integer> PBKDF2_AT_REFERENCE = Map.of("sha1", 40_000, "sha256", 100_000, "sha512", 20_000);
    static final int PBKDF2_MIN_ITERATIONS = 10_000;
    /** argon2-cffi's default lanes; libsodium, Spring and Keycloak use 1. */
    static final int ARGON2_MIN_PARALLELISM_CAP = 4;

    public ImportLimits {
        pbkdf2MaxIterations = Map.copyOf(pbkdf2MaxIterations);
    }

    /** The caps for a portal whose new hashes use {@code cost}. */
    public static ImportLimits forCost(PasswordProperties.Argon2 cost) {
        long work = (long) cost.memoryKib() * cost.iterations();
        double ratio = (double) work / REFERENCE_WORK;
        // bcrypt doubles per cost step: the largest step whose cost stays within the ratio.
        int bcrypt = BCRYPT_AT_REFERENCE + (int) Math.floor(Math.log(ratio) / Math.log(2));
        Map<String, Integer> pbkdf2 = new java.util.HashMap<>();
        PBKDF2_AT_REFERENCE.forEach((alg, n) -> pbkdf2.put(alg,
                (int) Math.max(PBKDF2_MIN_ITERATIONS, Math.min(LegacyPbkdf2Encoder.MAX_ITERATIONS, Math.round(n * ratio)))));
        return new ImportLimits(Math.max(4, Math.min(31, bcrypt)), work, Math.max(ARGON2_MIN_PARALLELISM_CAP, cost.parallelism()),
                PBKDF2_MIN_ITERATIONS, pbkdf2);
    }

    public static ImportLimits forCost(PasswordProperties properties) {
        return forCost(properties.argon2());
    }
}
