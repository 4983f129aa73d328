package org.certportal.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Verifies PBKDF2 hashes imported from other systems; never creates new ones (they are re-hashed
 * with Argon2id at the next sign-in). Accepted forms:
 * <ul>
 * <li>Django: {@code pbkdf2_sha256$<iterations>$<salt>$<base64 hash>} (also pbkdf2_sha1, pbkdf2_sha512)</li>
 * <li>passlib: {@code $pbkdf2-sha256$<iterations>$<ab64 salt>$<ab64 hash>} (also -sha1 and -sha512)</li>
 * </ul>
 */
final class LegacyPbkdf2Encoder implements PasswordEncoder {

    /**
     * A backstop when checking, not the import's limit (see {@link ImportLimits}, which is far below):
     * a hash imported under an earlier, dearer configuration keeps working.
     */
    static final int MAX_ITERATIONS = 10_000_000;

    @Override
    public String encode(CharSequence rawPassword) {
        throw new UnsupportedOperationException("PBKDF2 is accepted for imported hashes only");
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encoded) {
        try {
            Parsed p = parse(encoded);
            if (p == null) {
                return false;
            }
            PBEKeySpec spec = new PBEKeySpec(rawPassword.toString().toCharArray(), p.salt, p.iterations, p.hash.length * 8);
            byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmac" + p.algorithm).generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(actual, p.hash);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return true;
    }

    static boolean looksLikePbkdf2(String hash) {
        return parse(hash) != null;
    }

    /** The digest ("sha1", "sha256", "sha512") and iteration count of a PBKDF2 hash, for the import's limits. */
    record Cost(String digest, int iterations) {
    }

    static java.util.Optional<Cost> cost(String hash) {
        Parsed p = parse(hash);
        return p == null ? java.util.Optional.empty() : java.util.Optional.of(new Cost("sha" + p.algorithm.substring(3).toLowerCase(java.util.Locale.ROOT), p.iterations));
    }

    private record Parsed(String algorithm, int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            if (encoded.startsWith("pbkdf2_")) {
                String[] f = encoded.split("\\$");
                if (f.length != 4) {
                    return null;
                }
                String alg = algorithm(f[0].substring("pbkdf2_".length()));
                return alg == null ? null : new Parsed(alg, iterations(f[1]), f[2].getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(f[3]));
            }
            if (encoded.startsWith("$pbkdf2")) {
                String[] f = encoded.substring(1).split("\\$");
                if (f.length != 4) {
                    return null;
                }
                String variant = f[0].equals("pbkdf2") ? "sha1" : f[0].substring("pbkdf2-".length());
                String alg = algorithm(variant);
                return alg == null ? null : new Parsed(alg, iterations(f[1]), ab64(f[2]), ab64(f[3]));
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int iterations(String s) {
        int n = Integer.parseInt(s);
        if (n < 1 || n > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations out of range");
        }
        return n;
    }

    private static String algorithm(String variant) {
        return switch (variant) {
            case "sha1" -> "SHA1";
            case "sha256" -> "SHA256";
            case "sha512" -> "SHA512";
            default -> null;
        };
    }

    private static byte[] ab64(String s) {
        return Base64.getDecoder().decode(s.replace('.', '+'));
    }

    @SuppressWarnings("unused")
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
