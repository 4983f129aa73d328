package org.certportal.web;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.session.SessionIdGenerator;

/**
 * Session ids of 216 random bits (OWASP ASVS 7.2.3 asks for at least 128). Spring Session's default
 * is a UUIDv4: 122 random bits. 27 bytes make exactly 36 base64url characters, the size of the
 * SESSION_ID column, so no padding or schema change is involved.
 */
final class SessionIds implements SessionIdGenerator {

    static final int BYTES = 27;

    private final SecureRandom random = new SecureRandom();

    @Override
    public String generate() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
