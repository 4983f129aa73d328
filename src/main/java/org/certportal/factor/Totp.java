package org.certportal.factor;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps make them: HMAC-SHA-1 (RFC 4226's
 * HOTP with dynamic truncation), 6 digits, 30-second steps counted from the Unix epoch. About forty
 * lines, tested against the RFCs' own vectors (TotpTest), so no library was added for it.
 */
final class Totp {

    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** One step either way: a phone's clock a little off, or a code typed as it changes. */
    static final int DRIFT = 1;

    private Totp() {
    }

    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** RFC 4226 HOTP of {@code counter}, {@code digits} long, with the given HMAC ("HmacSHA1" for apps). */
    static String hotp(byte[] key, long counter, int digits, String algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            int mod = 1;
            for (int i = 0; i < digits; i++) {
                mod *= 10;
            }
            String s = Integer.toString(binary % mod);
            return "0".repeat(digits - s.length()) + s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String code(byte[] key, long step) {
        return hotp(key, step, DIGITS, "HmacSHA1");
    }

    /** Whether {@code code} has the shape of an authenticator code: exactly six ASCII digits. */
    static boolean isCode(String code) {
        return code != null && code.length() == DIGITS && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The step within {@link #DRIFT} of {@code now} whose code is {@code code} and which is later than
     * {@code lastStep} (a code is accepted once), if any. Every candidate is computed and compared in
     * constant time, so the answer's timing does not tell which step matched.
     */
    static OptionalLong matchingStep(byte[] key, String code, Instant now, long lastStep) {
        if (!isCode(code)) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long found = -1;
        for (long s = current - DRIFT; s <= current + DRIFT; s++) {
            boolean same = MessageDigest.isEqual(code(key, s).getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII));
            if (same && s > lastStep && found < 0) {
                found = s;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
