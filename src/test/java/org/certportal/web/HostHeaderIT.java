package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.certportal.account.Role;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Every redirect is a path on this portal, whatever {@code Host} or {@code X-Forwarded-Host} the
 * request names: an origin built from them would send people (or a poisoned cache) to another host.
 * The requests go over a raw socket, because java.net.http refuses to set {@code Host}.
 */
class HostHeaderIT extends IntegrationTest {

    private static final Map<String, String> EVIL = Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example");

    private RawHttp raw() {
        return RawHttp.loopback(port);
    }

    private static Map<String, String> evilWith(String session) {
        return Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example", "Cookie", "SESSION=" + session);
    }

    @Test
    void anonymousRequestsForProtectedPagesAreSentToARelativeLoginUrl() {
        for (String path : new String[] {"/console", "/account", "/password/change"}) {
            RawHttp.Response answer = raw().get(path, EVIL);
            assertThat(answer.status()).as(path).isIn(302, 303);
            assertThat(answer.location()).as(path).isEqualTo("/login");
        }
    }

    @Test
    void signInSuccessRedirectsToARelativeUrlAlsoForThePageFirstAskedFor() {
        String name = unique("hostsup");
        createUser(name, Role.SUPPORT);
        // The page first asked for is saved with the request's Host: the redirect after sign-in must not use it.
        RawHttp.Response console = raw().get("/console", EVIL);
        String session = console.cookie("SESSION").orElseThrow();
        RawHttp.Response form = raw().get("/login", evilWith(session));
        String csrf = form.csrf().orElseThrow();
        RawHttp.Response signedIn = raw().post("/login", evilWith(session),
                Browser.encode(Map.of("username", name, "password", PASSWORD, "_csrf", csrf)));
        assertThat(signedIn.status()).isIn(302, 303);
        assertThat(signedIn.location()).startsWith("/console").doesNotContain("evil");

        String plain = unique("hostusr");
        createUser(plain);
        RawHttp.Response loginPage = raw().get("/login", EVIL);
        String s2 = loginPage.cookie("SESSION").orElseThrow();
        RawHttp.Response answer = raw().post("/login", evilWith(s2),
                Browser.encode(Map.of("username", plain, "password", PASSWORD, "_csrf", loginPage.csrf().orElseThrow())));
        assertThat(answer.location()).isEqualTo("/account");
        RawHttp.Response again = raw().get("/login", EVIL);
        RawHttp.Response failed = raw().post("/login", evilWith(again.cookie("SESSION").orElseThrow()),
                Browser.encode(Map.of("username", plain, "password", "not the password at all 123", "_csrf", again.csrf().orElseThrow())));
        assertThat(failed.location()).isEqualTo("/login?error");
    }

    @Test
    void signOutAndConsoleActionsRedirectToRelativeUrls() {
        String name = unique("hostout");
        createUser(name, Role.SUPPORT);
        String target = unique("hosttarget");
        createUser(target);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        String csrf = b.get("/console/accounts/" + target).csrf().orElseThrow();
        String session = b.cookie("SESSION").orElseThrow();

        RawHttp.Response unlock = raw().post("/console/accounts/" + target + "/unlock", evilWith(session), "_csrf=" + csrf);
        assertThat(unlock.status()).isIn(302, 303);
        assertThat(unlock.location()).isEqualTo("/console/accounts/" + target);

        RawHttp.Response out = raw().post("/logout", evilWith(session), "_csrf=" + csrf);
        assertThat(out.status()).isIn(302, 303);
        assertThat(out.location()).isEqualTo("/login?logout");
    }
}
