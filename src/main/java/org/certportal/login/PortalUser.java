package org.certportal.login;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.certportal.account.Role;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The signed-in person as the session stores it. While {@code changeReason} is set, the only
 * authority is {@link #CHANGE_REQUIRED}: no page but /password/change is reachable
 * (Keycloak's "required action", kept as one flag). {@code secondFactor} says where the session
 * stands with the account's second factor (see {@link SecondFactorStep}); the factors the session
 * holds are {@code FactorGrantedAuthority}s of the authentication, see {@link PortalAuthentication}.
 */
public record PortalUser(long accountId, String username, Role role, String changeReason, boolean temporaryPassword,
        SecondFactorStep secondFactor) implements AuthenticatedPrincipal, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED";

    public PortalUser {
        // a session stored before second factors existed deserializes with null here
        secondFactor = secondFactor == null ? SecondFactorStep.NONE : secondFactor;
    }

    public PortalUser(long accountId, String username, Role role, String changeReason, boolean temporaryPassword) {
        this(accountId, username, role, changeReason, temporaryPassword, SecondFactorStep.NONE);
    }

    @Override
    public String getName() {
        return username;
    }

    public boolean mustChangePassword() {
        return changeReason != null;
    }

    /** The password was right; the account's second factor is still to be given. */
    public boolean secondFactorAsked() {
        return secondFactor == SecondFactorStep.ASKED;
    }

    /** The account has a second factor, so the session needs both factors. */
    public boolean hasSecondFactor() {
        return secondFactor == SecondFactorStep.ASKED || secondFactor == SecondFactorStep.PASSED;
    }

    public PortalUser withPasswordChanged() {
        return new PortalUser(accountId, username, role, null, false, secondFactor);
    }

    public PortalUser withSecondFactor(SecondFactorStep step) {
        return new PortalUser(accountId, username, role, changeReason, temporaryPassword, step);
    }

    /** The role authorities of this person (none while the second factor is asked). */
    public List<GrantedAuthority> authorities() {
        List<GrantedAuthority> list = new ArrayList<>();
        if (secondFactorAsked()) {
            return list;
        }
        if (mustChangePassword()) {
            list.add(new SimpleGrantedAuthority(CHANGE_REQUIRED));
            return list;
        }
        list.add(new SimpleGrantedAuthority(Role.USER.authority()));
        if (role == Role.SUPPORT || role == Role.ADMIN) {
            list.add(new SimpleGrantedAuthority(Role.SUPPORT.authority()));
        }
        if (role == Role.ADMIN) {
            list.add(new SimpleGrantedAuthority(Role.ADMIN.authority()));
        }
        return list;
    }

    @Override
    public String toString() {
        return username;
    }
}
