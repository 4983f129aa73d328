package org.certportal.account;

import java.time.Instant;

/** An account as the other modules see it. */
public record Account(
        long id,
        String username,
        String email,
        String displayName,
        Role role,
        AccountStatus status,
        String passwordHash,
        boolean mustChangePassword,
        String mustChangeReason,
        String locale,
        String timeZone,
        Instant createdAt,
        Instant passwordChangedAt,
        Instant lastLoginAt,
        String policyFingerprint) {

    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }

    public boolean hasUsablePassword() {
        return passwordHash != null && !passwordHash.isEmpty();
    }

    /** Case-insensitive, Unicode-aware key under which usernames are unique. */
    public static String usernameKey(String username) {
        return java.text.Normalizer.normalize(username.trim(), java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    }

    public static String emailKey(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
