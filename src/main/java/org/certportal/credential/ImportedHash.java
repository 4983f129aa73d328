package org.certportal.credential;

import java.util.Optional;

/** Recognises a password hash exported by another system and gives it the id prefix the hasher needs. */
public final class ImportedHash {

    private ImportedHash() {
    }

    public static Optional<String> toStored(String hash) {
        if (hash == null || hash.isBlank()) {
            return Optional.empty();
        }
        String h = hash.trim();
        if (h.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
            return Optional.of("{bcrypt}" + h);
        }
        if (h.startsWith("$argon2id$") || h.startsWith("$argon2i$") || h.startsWith("$argon2d$")) {
            return h.split("\\$").length == 6 ? Optional.of("{" + PasswordHasher.DEFAULT_ID + "}" + h) : Optional.empty();
        }
        if (LegacyPbkdf2Encoder.looksLikePbkdf2(h)) {
            return Optional.of("{pbkdf2-legacy}" + h);
        }
        return Optional.empty();
    }

    /** Spring's Argon2 encoder reads the variant from the hash, so argon2i and argon2d imports work as well. */
    public static String describeAccepted() {
        return "bcrypt ($2a$/$2b$/$2y$), Argon2 ($argon2id$...), PBKDF2 (pbkdf2_sha256$... or $pbkdf2-sha256$...)";
    }
}
