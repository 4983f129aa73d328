package org.certportal.web;

import java.util.Collection;
import org.certportal.account.Role;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Which links the page header shows: "My account" to people who may see it (not while a password
 * change is required), "Console" to support and administrators, "Sign out" to anyone signed in.
 */
public record Navigation(boolean account, boolean console, boolean signOut) {

    static final Navigation ANONYMOUS = new Navigation(false, false, false);

    static Navigation of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken) {
            return ANONYMOUS;
        }
        Collection<? extends GrantedAuthority> granted = authentication.getAuthorities();
        return new Navigation(has(granted, Role.USER), has(granted, Role.SUPPORT) || has(granted, Role.ADMIN), true);
    }

    private static boolean has(Collection<? extends GrantedAuthority> granted, Role role) {
        String authority = role.authority();
        for (GrantedAuthority a : granted) {
            if (authority.equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
