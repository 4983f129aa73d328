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
 * (Keycloak's "required action", kept as one flag).
 */
public record PortalUser(long accountId, String username, Role role, String changeReason, boolean temporaryPassword)
        implements AuthenticatedPrincipal, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED";

    @Override
    public String getName() {
        return username;
    }

    public boolean mustChangePassword() {
        return changeReason != null;
    }

    public PortalUser withPasswordChanged() {
        return new PortalUser(accountId, username, role, null, false);
    }

    public List<GrantedAuthority> authorities() {
        List<GrantedAuthority> list = new ArrayList<>();
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
