package org.certportal.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.certportal.account.Role;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.SecondFactorSteps;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** certportal.mfa.required-roles at its default (SUPPORT,ADMIN), which the other tests turn off. */
@TestPropertySource(properties = "certportal.mfa.required-roles=SUPPORT,ADMIN")
class SecondFactorPolicyIT extends IntegrationTest {

    @Test
    void aSupportAccountWithoutAFactorIsSentToEnrolAndEveryOtherPageRedirectsThereUntilItHasOne() {
        String name = unique("staff");
        createUser(name, Role.SUPPORT);
        Browser b = browser();
        assertThat(b.signIn(name, PASSWORD).location()).endsWith("/account/security");
        for (String page : new String[] {"/account", "/console", "/console/accounts?q=x", "/password/change"}) {
            assertThat(b.get(page).location()).as(page).endsWith("/account/security");
        }
        Browser.Page security = b.get("/account/security");
        assertThat(security.status()).isEqualTo(200);
        assertThat(security.body()).contains("id=\"enroll-required\"")
                .as("a passkey satisfies the rule as well as an app does, so the notice names both")
                .contains("Add an authenticator app or a passkey below.");
        assertThat(b.get("/support").status()).isEqualTo(200);

        SecondFactorSteps.Enrolled e = SecondFactorSteps.enroll(b, clock);
        assertThat(e.recoveryCodes()).hasSize(10);
        assertThat(b.get("/console").status()).isEqualTo(200);
        assertThat(b.get("/account").status()).isEqualTo(200);

        Browser next = browser();
        assertThat(next.signIn(name, PASSWORD).location()).as("the next sign-in asks for the factor").endsWith("/login/second-factor");
        clock.advance(Duration.ofSeconds(30));
        next.get("/login/second-factor");
        assertThat(next.post("/login/second-factor", Map.of("code", e.app().code(clock.instant()))).location()).endsWith("/account");
        assertThat(next.get("/console").status()).isEqualTo(200);
    }

    @Test
    void aUserAccountIsNotAskedAndAnAdministratorIs() {
        String user = unique("plain");
        createUser(user);
        assertThat(browser().signIn(user, PASSWORD).location()).endsWith("/account");
        String admin = unique("boss");
        createUser(admin, Role.ADMIN);
        assertThat(browser().signIn(admin, PASSWORD).location()).endsWith("/account/security");
    }

    @Test
    void aRequiredPasswordChangeComesBeforeEnrolment() {
        String name = unique("both");
        createUser(name, Role.SUPPORT);
        accounts.requirePasswordChange(accounts.findByUsername(name).orElseThrow().id(), "support");
        Browser b = browser();
        assertThat(b.signIn(name, PASSWORD).location()).endsWith("/password/change");
        assertThat(b.get("/account/security").location()).endsWith("/password/change");
        b.get("/password/change");
        String next = "quiet lantern orchard " + name;
        b.post("/password/change", Map.of("currentPassword", PASSWORD, "newPassword", next, "confirmPassword", next));
        assertThat(b.get("/console").location()).endsWith("/account/security");
    }

    @Test
    void supportRemovingAnAgentsFactorsMakesItEnrolAgainAtItsNextSignIn() {
        String agent = unique("agentA");
        createUser(agent, Role.SUPPORT);
        Browser a = browser();
        a.signIn(agent, PASSWORD);
        SecondFactorSteps.enroll(a, clock);
        String admin = unique("adminB");
        createUser(admin, Role.ADMIN);
        Browser console = browser();
        console.signIn(admin, PASSWORD);
        SecondFactorSteps.enroll(console, clock);
        console.get("/console/accounts/" + agent);
        assertThat(console.post("/console/accounts/" + agent + "/second-factors/remove", Map.of()).location()).endsWith("/console/accounts/" + agent);
        assertThat(browser().signIn(agent, PASSWORD).location()).endsWith("/account/security");
    }
}
