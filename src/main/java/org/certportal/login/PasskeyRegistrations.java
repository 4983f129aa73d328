package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What follows a passkey that Spring Security's WebAuthn registration has just stored, provided by
 * the factor module (which depends on this one): the audit line, the owner's email, the recovery
 * codes when it is the first factor, and the session's own factor.
 */
public interface PasskeyRegistrations {

    /** {@code label} is the name the person gave it, already checked by {@link #acceptableLabel}. */
    void added(PortalUser user, String label, HttpServletRequest request, HttpServletResponse response);

    /** Whether a passkey's name may be stored: at most 64 characters, no control characters, not blank. */
    static boolean acceptableLabel(String label) {
        return label != null && !label.isBlank() && label.strip().length() <= 64 && label.chars().noneMatch(Character::isISOControl);
    }
}
