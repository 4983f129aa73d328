package org.certportal.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.OidcFlow;
import org.certportal.testing.OidcFlow.Client;
import org.certportal.testing.OidcFlow.Pkce;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The OpenID Connect provider driven as a relying party would drive it, over HTTP, on H2 and PostgreSQL. */
class OidcIT extends IntegrationTest {

    @Autowired
    Clients clients;

    private String base() {
        return "http://localhost:" + port;
    }

    private OidcFlow rp() {
        return new OidcFlow(base());
    }

    /** Starts at the client, signs in through the portal's /login form, and returns the redirect back to the client. */
    private Browser.Page signInAtClient(Browser b, Client client, Pkce pkce, String nonce, String username) {
        Browser.Page start = b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "st4te", nonce, Map.of()));
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.location()).endsWith("/login");
        b.get("/login");
        Browser.Page signedIn = b.post("/login", Map.of("username", username, "password", PASSWORD));
        return OidcFlow.followInPortal(b, signedIn, base());
    }

    private String codeFrom(Browser.Page back) {
        assertThat(back.location()).startsWith(OidcFlow.REDIRECT_URI + "?");
        Map<String, String> q = OidcFlow.query(back.location());
        assertThat(q).containsEntry("state", "st4te");
        return q.get("code");
    }

    @Test
    void aConfidentialClientGetsAVerifiableIdTokenWithAnOpaqueStableSubject() throws Exception {
        String name = unique("sso");
        Account account = createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        Pkce pkce = Pkce.create();
        String code = codeFrom(signInAtClient(browser(), client, pkce, "n0nce-1", name));

        OidcFlow.TokenResponse tokens = rp().redeem(client, code, OidcFlow.REDIRECT_URI, pkce.verifier());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        JWTClaimsSet id = OidcFlow.verified(tokens.field("id_token").orElseThrow(), base());
        assertThat(id.getIssuer()).isEqualTo(base());
        assertThat(id.getAudience()).containsExactly(client.clientId());
        assertThat(id.getSubject()).isNotEqualTo(name).doesNotContain(name).doesNotContain("@")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(name);
        assertThat(id.getStringClaim("email")).isEqualTo(emailOf(name));
        assertThat(id.getClaim("email_verified")).isEqualTo(false);
        assertThat(id.getStringClaim("nonce")).isEqualTo("n0nce-1");
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(id.getStringClaim("acr")).isEqualTo(AuthenticationMethods.ACR_PASSWORD);
        assertThat(id.getDateClaim("auth_time")).isNotNull();
        assertThat(id.getDateClaim("auth_time").toInstant()).isBeforeOrEqualTo(id.getIssueTime().toInstant());

        // the same account through another sign-in: the same subject
        Pkce again = Pkce.create();
        String code2 = codeFrom(signInAtClient(browser(), client, again, null, name));
        JWTClaimsSet id2 = OidcFlow.verified(rp().redeem(client, code2, OidcFlow.REDIRECT_URI, again.verifier()).field("id_token").orElseThrow(), base());
        assertThat(id2.getSubject()).isEqualTo(id.getSubject());
        assertThat(id2.getClaim("nonce")).isNull();
        assertThat(jdbc.sql("SELECT subject FROM oidc_subject WHERE account_id = ?").param(account.id()).query(String.class).single())
                .isEqualTo(id.getSubject());

        OidcFlow.TokenResponse userinfo = rp().get("/userinfo", tokens.field("access_token").orElseThrow());
        assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
        assertThat(userinfo.body()).contains("\"sub\":\"" + id.getSubject() + "\"").contains("\"preferred_username\":\"" + name + "\"")
                .contains("\"email\":\"" + emailOf(name) + "\"");
    }
}
