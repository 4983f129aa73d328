package org.certportal.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id through BouncyCastle's Argon2BytesGenerator: the same code that the portal runs (via Spring's encoder). */
record Argon2(int memoryKib, int iterations, int parallelism) {

    static final int SALT_LENGTH = 16;
    static final int HASH_LENGTH = 32;

    byte[] hash(byte[] password, byte[] salt) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[HASH_LENGTH];
        generator.generateBytes(password, out);
        return out;
    }

    /** PHC string, as Spring Security's Argon2PasswordEncoder writes it (so the portal sees no need to upgrade it). */
    String encode(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] h = hash(password.getBytes(StandardCharsets.UTF_8), salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }

    String label() {
        return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }

    static Argon2 from(Bench.Args args) {
        return new Argon2(args.getInt("m", 7168), args.getInt("t", 5), args.getInt("p", 1));
    }
}
