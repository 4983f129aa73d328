package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.certportal.account.Role;
import org.certportal.login.PortalUser;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** The header's links for each kind of visitor: the same rules the former sec:authorize expressions had. */
class NavigationTest {

    private static Navigation of(PortalUser user) {
        return Navigation.of(UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities()));
    }

    @Test
    void visitorsWhoAreNotSignedInSeeNoAccountLinks() {
        assertThat(Navigation.of(null)).isEqualTo(Navigation.ANONYMOUS);
        assertThat(Navigation.of(new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))))
                .isEqualTo(new Navigation(false, false, false));
        assertThat(Navigation.of(UsernamePasswordAuthenticationToken.unauthenticated("someone", "guess"))).isEqualTo(Navigation.ANONYMOUS);
    }

    @Test
    void usersSeeTheirAccountAndSignOut_supportAndAdministratorsAlsoTheConsole() {
        assertThat(of(new PortalUser(1, "ann", Role.USER, null, false))).isEqualTo(new Navigation(true, false, true));
        assertThat(of(new PortalUser(2, "sam", Role.SUPPORT, null, false))).isEqualTo(new Navigation(true, true, true));
        assertThat(of(new PortalUser(3, "ada", Role.ADMIN, null, false))).isEqualTo(new Navigation(true, true, true));
    }

    @Test
    void whileAPasswordChangeIsRequiredOnlySignOutIsOffered() {
        assertThat(of(new PortalUser(3, "ada", Role.ADMIN, "temporary", true))).isEqualTo(new Navigation(false, false, true));
    }
}
