package org.certportal.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Spring's {@link Argon2PasswordEncoder}, with the hash itself computed by libargon2. It writes and reads
 * the same PHC strings ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, standard Base64 without padding,
 * 16-byte salts, 32-byte hashes), so hashes move freely between the two implementations; what it cannot
 * parse, or libargon2 refuses (a salt under 8 bytes in an imported hash), it leaves to Spring's encoder.
 */
final class NativeArgon2PasswordEncoder implements PasswordEncoder {

    private static final int SALT_LENGTH = 16;
    private static final int HASH_LENGTH = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final NativeArgon2 argon2;
    private final Argon2PasswordEncoder java;
    private final SecureRandom random = new SecureRandom();
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    NativeArgon2PasswordEncoder(NativeArgon2 argon2, int parallelism, int memoryKib, int iterations) {
        this.argon2 = argon2;
        this.java = new Argon2PasswordEncoder(SALT_LENGTH, HASH_LENGTH, parallelism, memoryKib, iterations);
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] hash = argon2.hash(NativeArgon2.Type.ID, NativeArgon2.VERSION_13, memoryKib, iterations, parallelism,
                rawPassword.toString().getBytes(StandardCharsets.UTF_8), salt, HASH_LENGTH);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        Phc phc = Phc.parse(encodedPassword);
        if (phc == null) {
            return java.matches(rawPassword, encodedPassword);
        }
        byte[] actual;
        try {
            actual = argon2.hash(phc.type, phc.version, phc.memoryKib, phc.iterations, phc.parallelism,
                    rawPassword.toString().getBytes(StandardCharsets.UTF_8), phc.salt, phc.hash.length);
        } catch (IllegalArgumentException refusedByTheLibrary) {
            return java.matches(rawPassword, encodedPassword);
        }
        // constant time, as Spring's encoder compares
        return MessageDigest.isEqual(actual, phc.hash);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return java.upgradeEncoding(encodedPassword);
    }

    /** A PHC string as Spring's Argon2EncodingUtils reads it: no "v=" means version 0x10. */
    record Phc(NativeArgon2.Type type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

        static Phc parse(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$");
            try {
                if (parts.length < 5 || !parts[0].isEmpty()) {
                    return null;
                }
                NativeArgon2.Type type = switch (parts[1]) {
                    case "argon2id" -> NativeArgon2.Type.ID;
                    case "argon2i" -> NativeArgon2.Type.I;
                    case "argon2d" -> NativeArgon2.Type.D;
                    default -> null;
                };
                int i = 2;
                int version = 0x10;
                if (parts[i].startsWith("v=")) {
                    version = Integer.parseInt(parts[i].substring(2));
                    i++;
                }
                if (type == null || parts.length != i + 3 || (version != 0x10 && version != 0x13)) {
                    return null;
                }
                String[] cost = parts[i].split(",");
                if (cost.length != 3 || !cost[0].startsWith("m=") || !cost[1].startsWith("t=") || !cost[2].startsWith("p=")) {
                    return null;
                }
                byte[] salt = B64D.decode(parts[i + 1]);
                byte[] hash = B64D.decode(parts[i + 2]);
                return new Phc(type, version, Integer.parseInt(cost[0].substring(2)), Integer.parseInt(cost[1].substring(2)),
                        Integer.parseInt(cost[2].substring(2)), salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
