package org.certportal.factor;

import org.certportal.login.PortalAuthentication;

/** How the audit log names the factor a code proved. */
final class PortalAuthenticationNames {

    private PortalAuthenticationNames() {
    }

    static String describe(String factorAuthority) {
        if (PortalAuthentication.TOTP.equals(factorAuthority)) {
            return "with an authenticator code";
        }
        if (PortalAuthentication.RECOVERY_CODE.equals(factorAuthority)) {
            return "with a recovery code";
        }
        return "with " + factorAuthority;
    }
}
