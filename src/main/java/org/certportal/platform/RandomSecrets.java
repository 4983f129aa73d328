package org.certportal.platform;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/** Unpredictable values for links and temporary passwords, always from {@link SecureRandom}. */
@Component
public class RandomSecrets {

    /** Crockford's base32 without I, L, O, U: nothing a person confuses when reading it aloud or typing it. */
    private static final char[] READABLE = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final SecureRandom random = new SecureRandom();

    /** A URL-safe token of {@code bytes} random bytes (32 bytes = 256 bits). */
    public String urlToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * A temporary password of {@code groups} groups of 5 readable characters (5 bits each), e.g.
     * 4 groups = 100 bits: "7KQ2M-XH3PA-9RW0D-TN4BE".
     */
    public String readablePassword(int groups) {
        StringBuilder sb = new StringBuilder(groups * 6);
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                sb.append('-');
            }
            for (int i = 0; i < 5; i++) {
                sb.append(READABLE[random.nextInt(READABLE.length)]);
            }
        }
        return sb.toString();
    }
}
