package org.certportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.certportal.audit.AuditType;
import org.certportal.oidc.Clients;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.OidcFlow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's single sign-on clients pages: ADMIN registers, lists, inspects and removes; SUPPORT is refused. */
class ClientConsoleIT extends IntegrationTest {

    private static final Pattern SECRET = Pattern.compile("data-client-secret=\"([^\"]+)\"");

    @Autowired
    Clients clients;

    private Browser agent(Role role) {
        Account agent = createUser(unique("clientagent"), role);
        Browser b = browser();
        b.signIn(agent.username(), PASSWORD);
        return b;
    }

    private long clientEvents(AuditType type, String actor, String clientId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND actor = ? AND detail LIKE ?").param(type.name()).param(actor)
                .param("client " + clientId + "%").query(Long.class).single();
    }

    @Test
    void anAdminRegistersAConfidentialClientSeesItsSecretOnceAndFindsItInTheList() {
        Browser admin = agent(Role.ADMIN);
        String clientId = unique("billing");
        assertThat(admin.get("/console").body()).contains("href=\"/console/clients\"");
        admin.get("/console/clients/new");
        Browser.Page added = admin.post("/console/clients/new", Map.of("clientId", clientId, "name", "Billing",
                "redirectUris", "https://billing.example/callback\r\n\r\n  https://billing.example/other  \r\n",
                "postLogoutRedirectUris", "https://billing.example/", "type", "confidential", "requireMfa", "true"));
        assertThat(added.status()).isEqualTo(200);
        Matcher secret = SECRET.matcher(added.body());
        assertThat(secret.find()).as(added.body()).isTrue();
        assertThat(secret.group(1)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(added.header("Cache-Control").orElse("")).contains("no-store");

        var stored = clients.find(clientId).orElseThrow();
        assertThat(stored.publicClient()).isFalse();
        assertThat(stored.requireMfa()).isTrue();
        assertThat(stored.thirdParty()).isFalse();
        assertThat(stored.redirectUris()).containsExactlyInAnyOrder("https://billing.example/callback", "https://billing.example/other");
        assertThat(stored.postLogoutRedirectUris()).containsExactly("https://billing.example/");

        // The secret shown is the one the provider accepts, and it is never shown again
        String list = admin.get("/console/clients").body();
        assertThat(list).contains(clientId).contains("https://billing.example/callback").contains("Confidential").doesNotContain(secret.group(1));
        String page = admin.get("/console/clients/" + clientId).body();
        assertThat(page).contains("https://billing.example/other").doesNotContain(secret.group(1));
        OidcFlow.TokenResponse refused = new OidcFlow("http://localhost:" + port).redeem(new OidcFlow.Client(clientId, secret.group(1)), "no-such-code",
                "https://billing.example/callback", null);
        assertThat(refused.body()).as("a right secret with a bad code: invalid_grant, not invalid_client").contains("invalid_grant");

        String adminName = jdbc.sql("SELECT actor FROM audit_event WHERE type = ? AND detail LIKE ?").param(AuditType.OIDC_CLIENT_ADDED.name())
                .param("client " + clientId + "%").query(String.class).single();
        assertThat(adminName).startsWith("clientagent");
    }

    @Test
    void theFormSetsRequirePkceAndAnInitiateLoginUriAndRefusesABadOneNextToItsField() {
        Browser admin = agent(Role.ADMIN);
        String clientId = unique("pkceform");
        String form = admin.get("/console/clients/new").body();
        assertThat(form).contains("name=\"requirePkce\"").contains("name=\"initiateLoginUri\"").contains("for=\"initiateLoginUri\"");
        Browser.Page added = admin.post("/console/clients/new", Map.of("clientId", clientId, "name", "Orders",
                "redirectUris", "https://orders.example/callback", "type", "confidential", "requirePkce", "true",
                "initiateLoginUri", " https://orders.example/oauth2/authorization/portal "));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        var stored = clients.find(clientId).orElseThrow();
        assertThat(stored.requirePkce()).isTrue();
        assertThat(stored.initiateLoginUri()).isEqualTo("https://orders.example/oauth2/authorization/portal");
        assertThat(admin.get("/console/clients/" + clientId).body()).contains("id=\"client-require-pkce\">Yes<")
                .contains("https://orders.example/oauth2/authorization/portal");

        admin.get("/console/clients/new");
        Browser.Page refused = admin.post("/console/clients/new", Map.of("clientId", unique("badstart"), "redirectUris", "https://orders.example/callback",
                "type", "confidential", "initiateLoginUri", "http://orders.example/start"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"initiateLoginUri-error\"").contains("must use https")
                .contains("value=\"http://orders.example/start\"");
    }

    @Test
    void aPublicClientHasNoSecret() {
        Browser admin = agent(Role.ADMIN);
        String clientId = unique("spa");
        admin.get("/console/clients/new");
        Browser.Page added = admin.post("/console/clients/new", Map.of("clientId", clientId, "redirectUris", "http://127.0.0.1:5173/callback",
                "type", "public", "thirdParty", "true"));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body()).contains("id=\"no-secret\"").doesNotContain("data-client-secret");
        assertThat(clients.find(clientId).orElseThrow().publicClient()).isTrue();
        assertThat(clients.find(clientId).orElseThrow().thirdParty()).isTrue();
    }

    @Test
    void aBadRedirectUriIsAClearErrorNextToItsFieldAndRegistersNothing() {
        Browser admin = agent(Role.ADMIN);
        String clientId = unique("plainhttp");
        admin.get("/console/clients/new");
        Browser.Page refused = admin.post("/console/clients/new", Map.of("clientId", clientId, "name", "Plain",
                "redirectUris", "http://app.example/callback", "type", "confidential"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"redirectUris-error\"").contains("must use https")
                .contains("href=\"#redirectUris\"").contains("http://app.example/callback").contains(clientId);
        assertThat(clients.find(clientId)).isEmpty();

        Browser.Page relative = admin.post("/console/clients/new", Map.of("clientId", clientId, "redirectUris", "https://app.example/cb",
                "postLogoutRedirectUris", "/signed-out", "type", "confidential"));
        assertThat(relative.status()).isEqualTo(400);
        assertThat(relative.body()).contains("id=\"postLogoutRedirectUris-error\"").contains("must be absolute");

        Browser.Page badId = admin.post("/console/clients/new", Map.of("clientId", "no spaces", "redirectUris", "https://app.example/cb"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body()).contains("id=\"clientId-error\"");

        Browser.Page none = admin.post("/console/clients/new", Map.of("clientId", clientId, "redirectUris", " \r\n "));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("id=\"redirectUris-error\"").contains("Enter at least one redirect URI.");
        assertThat(clients.find(clientId)).isEmpty();

        OidcFlow.register(clients, clientId, false, false, false);
        Browser.Page duplicate = admin.post("/console/clients/new", Map.of("clientId", clientId, "redirectUris", "https://app.example/cb"));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body()).contains("already registered").contains("id=\"clientId-error\"");
    }

    @Test
    void anAdminRemovesAClientAfterConfirmingAndTheRemovalIsAudited() {
        String clientId = unique("leaving");
        OidcFlow.register(clients, clientId, false, false, false);
        Account admin = createUser(unique("clientagent"), Role.ADMIN);
        Browser b = browser();
        b.signIn(admin.username(), PASSWORD);

        Browser.Page confirm = b.get("/console/clients/" + clientId + "/remove");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("id=\"confirm-remove\"");
        assertThat(clients.find(clientId)).as("asking is not removing").isPresent();
        assertThat(b.postRaw("/console/clients/" + clientId + "/remove", "").status()).as("without its CSRF token").isEqualTo(403);
        assertThat(clients.find(clientId)).isPresent();

        Browser.Page removed = b.post("/console/clients/" + clientId + "/remove", Map.of());
        assertThat(removed.status()).isIn(302, 303);
        assertThat(b.follow(removed).body()).contains("The client " + clientId + " was removed.");
        assertThat(clients.find(clientId)).isEmpty();
        assertThat(clientEvents(AuditType.OIDC_CLIENT_REMOVED, admin.username(), clientId)).isEqualTo(1);
        assertThat(b.get("/console/clients/" + clientId).status()).isEqualTo(404);
        assertThat(b.post("/console/clients/" + clientId + "/remove", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aClientsPageListsItsRecentSignInsWithWhoAndHow() {
        String clientId = unique("watched");
        OidcFlow.Client client = OidcFlow.register(clients, clientId, false, false, false);
        String other = unique("other_client");
        OidcFlow.Client otherClient = OidcFlow.register(clients, other, false, false, false);
        String name = unique("ssoperson");
        createUser(name);
        signInThrough(client, name);
        String notHere = unique("elsewhere");
        createUser(notHere);
        signInThrough(otherClient, notHere);

        Browser admin = agent(Role.ADMIN);
        String page = admin.get("/console/clients/" + clientId).body();
        assertThat(page).contains("id=\"sign-ins\"").contains("href=\"/console/accounts/" + name + "\"").contains("data-amr=\"pwd\"")
                .contains("password").doesNotContain(notHere);
        assertThat(admin.get("/console/clients/" + other).body()).contains(notHere).doesNotContain(name);
    }

    /** A sign-in at the client as OidcIT does it: authorize, the portal's /login, the code redeemed for an ID token. */
    private void signInThrough(OidcFlow.Client client, String username) {
        Browser b = browser();
        OidcFlow.Pkce pkce = OidcFlow.Pkce.create();
        b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "s", null, Map.of()));
        b.get("/login");
        Browser.Page back = OidcFlow.followInPortal(b, b.post("/login", Map.of("username", username, "password", PASSWORD)), "http://localhost:" + port);
        String code = OidcFlow.query(back.location()).get("code");
        assertThat(new OidcFlow("http://localhost:" + port).redeem(client, code, OidcFlow.REDIRECT_URI, pkce.verifier()).status()).isEqualTo(200);
    }

    @Test
    void supportAgentsAndAccountHoldersAreRefused() {
        String clientId = unique("guardedapp");
        OidcFlow.register(clients, clientId, false, false, false);
        Browser support = agent(Role.SUPPORT);
        assertThat(support.get("/console").status()).isEqualTo(200);
        assertThat(support.get("/console").body()).doesNotContain("href=\"/console/clients\"");
        assertThat(support.get("/console/clients").status()).isEqualTo(403);
        assertThat(support.get("/console/clients/new").status()).isEqualTo(403);
        assertThat(support.get("/console/clients/" + clientId).status()).isEqualTo(403);
        assertThat(support.get("/console/clients/" + clientId + "/remove").status()).isEqualTo(403);
        assertThat(support.post("/console/clients/" + clientId + "/remove", Map.of()).status()).isEqualTo(403);
        assertThat(support.post("/console/clients/new", Map.of("clientId", unique("sneaky"), "redirectUris", "https://x.example/cb")).status())
                .isEqualTo(403);
        assertThat(clients.find(clientId)).isPresent();

        Browser user = agent(Role.USER);
        assertThat(user.get("/console/clients").status()).isEqualTo(403);
    }
}
