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

    /**
     * Why an exported hash cannot be imported, naming the limit it breaks, or empty when it can (or is
     * empty: the account then has no usable password). See {@link ImportLimits} for the caps' reasons.
     */
    public static Optional<String> problem(String hash, ImportLimits limits) {
        if (hash == null || hash.isBlank()) {
            return Optional.empty();
        }
        String h = hash.trim();
        if (toStored(h).isEmpty()) {
            return Optional.of("unrecognised password hash; accepted: " + describeAccepted());
        }
        String instead = "; leave password_hash empty for this row and its owner sets a password through recovery";
        if (h.startsWith("$2")) {
            int cost = Integer.parseInt(h.substring(4, 6));
            return cost > limits.bcryptMaxCost()
                    ? Optional.of("bcrypt cost " + cost + " is above the import limit of " + limits.bcryptMaxCost()
                            + " (no dearer than this portal's own hash, so a wrong password takes no longer on this account)" + instead)
                    : Optional.empty();
        }
        if (h.startsWith("$argon2")) {
            Argon2Cost c = Argon2Cost.parse(h.split("\\$")[3]);
            if (c == null) {
                return Optional.of("unrecognised Argon2 parameters (expected m=...,t=...,p=...); accepted: " + describeAccepted());
            }
            if (c.work() > limits.argon2MaxWork()) {
                return Optional.of("Argon2 cost m=" + c.memoryKib() + ",t=" + c.iterations() + " is above the import limit of memory x iterations <= "
                        + limits.argon2MaxWork() + " KiB (this portal's own cost)" + instead);
            }
            if (c.parallelism() > limits.argon2MaxParallelism()) {
                return Optional.of("Argon2 parallelism p=" + c.parallelism() + " is above the import limit of " + limits.argon2MaxParallelism() + instead);
            }
            return Optional.empty();
        }
        LegacyPbkdf2Encoder.Cost c = LegacyPbkdf2Encoder.cost(h).orElseThrow();
        if (c.iterations() < limits.pbkdf2MinIterations()) {
            return Optional.of("PBKDF2 with " + c.iterations() + " iterations is below the import minimum of " + limits.pbkdf2MinIterations()
                    + " (too cheap to crack from a stolen copy)" + instead);
        }
        int max = limits.pbkdf2MaxIterations().get(c.digest());
        if (c.iterations() > max) {
            return Optional.of("PBKDF2-" + c.digest().toUpperCase(java.util.Locale.ROOT) + " with " + c.iterations() + " iterations is above the import limit of "
                    + max + " (no dearer than this portal's own hash)" + instead);
        }
        return Optional.empty();
    }

    /** The cost field of an Argon2 hash, {@code m=19456,t=2,p=1}; null when a value is missing or malformed. */
    record Argon2Cost(int memoryKib, int iterations, int parallelism) {

        long work() {
            return (long) memoryKib * iterations;
        }

        static Argon2Cost parse(String field) {
            java.util.Map<String, Integer> values = new java.util.HashMap<>();
            for (String kv : field.split(",")) {
                String[] pair = kv.split("=", 2);
                if (pair.length != 2 || !pair[1].matches("\\d{1,9}")) {
                    return null;
                }
                values.put(pair[0], Integer.parseInt(pair[1]));
            }
            Integer m = values.get("m");
            Integer t = values.get("t");
            Integer p = values.get("p");
            return m == null || t == null || p == null || values.size() != 3 ? null : new Argon2Cost(m, t, p);
        }
    }

    /** Spring's Argon2 encoder reads the variant from the hash, so argon2i and argon2d imports work as well. */
    public static String describeAccepted() {
        return "bcrypt ($2a$/$2b$/$2y$), Argon2 ($argon2id$...), PBKDF2 (pbkdf2_sha256$... or $pbkdf2-sha256$...)";
    }
}
