package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

class SignInIT extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.certportal.credential.PasswordPolicy policy;

    @Test
    void signInRedirectsToTheAccountPageAndShowsTheAccount() {
        String name = unique("sig");
        createUser(name);
        Browser b = browser();
        Browser.Page answer = b.signIn(name, PASSWORD);
        assertThat(answer.status()).isIn(302, 303);
        assertThat(answer.location()).endsWith("/account");
        Browser.Page account = b.get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).contains(name).contains(emailOf(name)).contains(">User</dd>").contains("<td>Sign-in</td>").contains("<td>Succeeded</td>");
    }

    @Test
    void loginPageLinksToForgottenPasswordAndSupportAndHelpsPasswordManagers() {
        Browser.Page login = browser().get("/login");
        assertThat(login.body()).contains("href=\"/forgot-password\"").contains("I've forgotten my password")
                .contains("autocomplete=\"username\"").contains("autocomplete=\"current-password\"")
                .contains("<label for=\"username\"").contains("<label for=\"password\"").doesNotContain("onpaste");
    }

    @Test
    void unknownUsernameAndWrongPasswordGetTheSameAnswer() {
        String name = unique("same");
        createUser(name);
        Browser one = browser();
        Browser.Page wrong = one.signIn(name, "not the password at all 123");
        Browser two = browser();
        Browser.Page unknown = two.signIn(unique("nobody"), "not the password at all 123");
        assertThat(wrong.status()).isEqualTo(unknown.status()).isIn(302, 303);
        assertThat(wrong.location()).isEqualTo(unknown.location()).endsWith("/login?error");
        String a = one.follow(wrong).body().replaceAll("value=\"[^\"]+\"", "");
        String b = two.follow(unknown).body().replaceAll("value=\"[^\"]+\"", "");
        assertThat(a).isEqualTo(b).contains("The username or password is not correct");
    }

    @Test
    void sessionIdIsRenewedAtSignInAndCookiesAreHttpOnlyAndLax() {
        String name = unique("sess");
        createUser(name);
        Browser b = browser();
        Browser.Page form = b.get("/login");
        String before = b.cookie("SESSION").orElseThrow();
        assertThat(form.header("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Lax");
        Browser.Page answer = b.post("/login", Map.of("username", name, "password", PASSWORD));
        String after = b.cookie("SESSION").orElseThrow();
        assertThat(after).isNotEqualTo(before);
        assertThat(answer.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("SESSION=") && c.contains("HttpOnly") && c.contains("SameSite=Lax"));
    }

    @Test
    void securityHeadersOnEveryPage() {
        for (String path : new String[] {"/login", "/forgot-password", "/support", "/reset/abcdefghijklmnopqrstuvwxyz0123", "/no-such-page"}) {
            Browser.Page page = browser().get(path);
            assertThat(page.header("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("frame-ancestors 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline"));
            assertThat(page.header("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(page.header("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(page.header("Cache-Control").orElse("")).as(path).contains("no-store");
            assertThat(page.header("Strict-Transport-Security")).as(path + ": no HSTS on an http base URL").isEmpty();
            assertThat(page.body()).as(path).doesNotContain("<script>").doesNotContain("Exception");
        }
    }

    @Test
    void postWithoutCsrfTokenIsRefused() {
        String name = unique("csrf");
        createUser(name);
        Browser b = browser();
        b.get("/login");
        Browser.Page answer = b.postRaw("/login", Browser.encode(Map.of("username", name, "password", PASSWORD)));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(b.get("/account").status()).isIn(302, 303);
    }

    @Test
    void signedInPagesNeedASignIn() {
        Browser.Page page = browser().get("/account");
        assertThat(page.status()).isIn(302, 303);
        assertThat(page.location()).endsWith("/login");
    }

    @Test
    void signOutEndsTheSession() {
        String name = unique("out");
        createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        b.get("/account");
        Browser.Page out = b.post("/logout", Map.of());
        assertThat(out.location()).endsWith("/login?logout");
        assertThat(b.get("/account").status()).isIn(302, 303);
    }

    @Test
    void mustChangePasswordSendsEveryPageToTheChangePage() {
        String name = unique("must");
        Account account = createUser(name);
        accounts.requirePasswordChange(account.id(), "support");
        Browser b = browser();
        Browser.Page answer = b.signIn(name, PASSWORD);
        assertThat(answer.location()).endsWith("/password/change");
        assertThat(b.get("/account").location()).endsWith("/password/change");
        assertThat(b.get("/console").location()).endsWith("/password/change");
        assertThat(b.get("/password/change").body()).contains("Current Password").contains("New Password").contains("Confirm Password");
    }

    @Test
    void theHeaderOffersTheLinksEachVisitorMayUse() {
        String header = "<nav aria-label=\"Main\">";
        String anonymous = nav(browser().get("/login").body(), header);
        assertThat(anonymous).contains("href=\"/support\"").doesNotContain("href=\"/account\"").doesNotContain("href=\"/console\"")
                .doesNotContain("/logout");

        String user = unique("navu");
        createUser(user);
        Browser u = browser();
        u.signIn(user, PASSWORD);
        assertThat(nav(u.get("/account").body(), header)).contains("href=\"/account\"").contains("action=\"/logout\"").contains("name=\"_csrf\"")
                .doesNotContain("href=\"/console\"");

        String agent = unique("navs");
        createUser(agent, Role.SUPPORT);
        Browser s = browser();
        s.signIn(agent, PASSWORD);
        assertThat(nav(s.get("/support").body(), header)).contains("href=\"/account\"").contains("href=\"/console\"").contains("action=\"/logout\"");

        String must = unique("navm");
        Account account = createUser(must, Role.ADMIN);
        accounts.requirePasswordChange(account.id(), "support");
        Browser m = browser();
        m.signIn(must, PASSWORD);
        assertThat(nav(m.get("/password/change").body(), header)).as("only sign out while a password change is required")
                .contains("action=\"/logout\"").doesNotContain("href=\"/account\"").doesNotContain("href=\"/console\"");
    }

    private static String nav(String page, String start) {
        int from = page.indexOf(start);
        assertThat(from).as("the page has the main navigation").isNotNegative();
        return page.substring(from, page.indexOf("</nav>", from));
    }

    @Test
    void thePolicyIsCheckedAtSignInOnlyWhenItChangedSinceTheLastCheck() {
        String name = unique("fp");
        Account account = createUser(name, "password1234567890", Role.USER); // refused by today's policy
        accounts.markPolicyChecked(account.id(), policy.fingerprint());
        assertThat(browser().signIn(name, "password1234567890").location()).as("already checked against this policy").endsWith("/account");
        accounts.markPolicyChecked(account.id(), "policy-v0;an older policy");
        assertThat(browser().signIn(name, "password1234567890").location()).as("the policy changed since").endsWith("/password/change");
        assertThat(accounts.findById(account.id()).orElseThrow().mustChangeReason()).startsWith("insecure:");
    }

    @Test
    void consoleIsForSupportAndAdminOnly() {
        String user = unique("plain");
        createUser(user);
        Browser b = browser();
        b.signIn(user, PASSWORD);
        assertThat(b.get("/console").status()).isEqualTo(403);
        String agent = unique("agent");
        createUser(agent, Role.SUPPORT);
        Browser s = browser();
        s.signIn(agent, PASSWORD);
        assertThat(s.get("/console").status()).isEqualTo(200);
        assertThat(s.get("/console/create-account").status()).isEqualTo(403);
    }

    @Test
    void healthIsUpAndMetricsCountSignIns() {
        Browser.Page health = browser().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        String name = unique("metric");
        createUser(name);
        browser().signIn(name, PASSWORD);
        assertThat(browser().get("/actuator/prometheus").body()).contains("certportal_sign_ins_total{outcome=\"success\"");
    }
}
