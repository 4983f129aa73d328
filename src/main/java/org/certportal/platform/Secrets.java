package org.certportal.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The portal's master key and what is derived from it: keyed hashes for tokens and temporary
 * passwords (so a stolen database holds nothing usable), and authenticated encryption for outbox
 * bodies that carry a secret until they are sent.
 *
 * <p>The key comes from {@code certportal.secret-key} (base64, 32 bytes; required when several
 * nodes share one database) or is generated once into {@code <data-dir>/keys/master.key}.
 */
@Component
public class Secrets {

    private static final Logger log = LoggerFactory.getLogger(Secrets.class);
    private static final int GCM_TAG_BITS = 128;
    private static final int GCM_IV_BYTES = 12;

    private final SecureRandom random = new SecureRandom();
    private final byte[] hashKey;
    private final SecretKeySpec encryptionKey;

    public Secrets(PortalProperties properties) {
        byte[] master = loadOrCreate(properties);
        this.hashKey = derive(master, "certportal/keyed-hash/v1");
        this.encryptionKey = new SecretKeySpec(derive(master, "certportal/outbox-encryption/v1"), "AES");
    }

    private static byte[] loadOrCreate(PortalProperties properties) {
        if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
            byte[] key = Base64.getDecoder().decode(properties.secretKey().trim());
            if (key.length < 32) {
                throw new IllegalStateException("certportal.secret-key must be at least 32 bytes, base64-encoded (openssl rand -base64 32)");
            }
            return key;
        }
        Path file = properties.dataDir().resolve("keys").resolve("master.key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                // 0600 in a 0700 directory from the start, whatever the umask (DataDirectory)
                DataDirectory.writeNewSecret(file, Base64.getEncoder().encodeToString(key) + "\n");
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // an administration command started at the same moment made it: use theirs
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            log.info("Generated a new master key in {}; set certportal.secret-key instead when several nodes share one database", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key in " + file, e);
        }
    }

    private static byte[] derive(byte[] master, String purpose) {
        return hmac(master, purpose.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A keyed hash (HMAC-SHA-256, hex) for looking up a high-entropy secret without storing it. */
    public String keyedHash(String purpose, String value) {
        byte[] data = (purpose + "\u0000" + value).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(hmac(hashKey, data));
    }

    /** Constant-time comparison of two keyed hashes. */
    public static boolean sameHash(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    public byte[] encrypt(byte[] plain) {
        try {
            byte[] iv = new byte[GCM_IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(GCM_TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] box) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(GCM_TAG_BITS, box, 0, GCM_IV_BYTES));
            return cipher.doFinal(box, GCM_IV_BYTES, box.length - GCM_IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt: was certportal.secret-key or the data directory's key changed?", e);
        }
    }
}
