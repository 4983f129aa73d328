package org.certportal.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.certportal.CertportalApplication;
import org.certportal.account.Account;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.testing.SecondFactorSteps;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
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
    @Autowired
    SigningKeys keys;
    @Autowired
    Environment environment;
    @Autowired
    org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository registeredClients;
    @Autowired
    org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService authorizations;
    @Autowired
    javax.sql.DataSource dataSource;

    private static final Pattern CONTINUE = Pattern.compile("id=\"continue-to-client\" href=\"([^\"]+)\"");

    private String base() {
        return "http://localhost:" + port;
    }

    private OidcFlow rp() {
        return new OidcFlow(base());
    }

    /** Starts at the client, signs in through the portal's /login form, and returns the redirect back to the client. */
    private Browser.Page signInAtClient(Browser b, Client client, Pkce pkce, String nonce, String username) {
        // the form's last redirect goes to the application: CSP form-action must allow its registered origin
        return OidcFlow.signInAtClient(b, base(), client, pkce, nonce, username, PASSWORD, login -> assertThat(login.header("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' https://app.example;").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
    }

    private String codeFrom(Browser.Page back) {
        return OidcFlow.codeFrom(back);
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

    private String idToken(Client client, Pkce pkce, Browser.Page back) {
        return rp().tokens(client, pkce, back).field("id_token").orElseThrow();
    }

    private static String hiddenState(Browser.Page consentPage) {
        return OidcFlow.hiddenState(consentPage);
    }

    private static String continueLink(Browser.Page page) {
        Matcher m = CONTINUE.matcher(page.body());
        assertThat(m.find()).as("a link back to the application on " + page.body()).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    @Test
    void wrongRedirectUriMissingOrWrongVerifierAndReusedCodesAreRefused() {
        String name = unique("refuse");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        Browser b = browser();
        b.signIn(name, PASSWORD);

        Browser.Page wrongRedirect = b.get(OidcFlow.authorizePath(client.clientId(), "https://evil.example/callback", Pkce.create(), "s", null, Map.of()));
        assertThat(wrongRedirect.status()).as("an unregistered redirect URI gets an error page, never a redirect").isEqualTo(400);
        assertThat(wrongRedirect.headers().firstValue("Location")).isEmpty();
        Browser.Page longer = b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI + "/more", Pkce.create(), "s", null, Map.of()));
        assertThat(longer.status()).as("exact comparison: a longer path is another URI").isEqualTo(400);

        Browser.Page implicit = b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, Pkce.create(), "s", null, Map.of("response_type", "token")));
        assertThat(implicit.headers().firstValue("Location").orElse("")).as("no implicit flow").doesNotContain("access_token").doesNotContain("code=");
        Browser.Page moreScope = b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, Pkce.create(), "s", null, Map.of("scope", "openid admin")));
        assertThat(OidcFlow.query(moreScope.location())).containsEntry("error", "invalid_scope").doesNotContainKey("code");
        OidcFlow.TokenResponse clientCredentials = rp().token(client, new java.util.LinkedHashMap<>(Map.of("grant_type", "client_credentials")));
        assertThat(clientCredentials.status()).as("only the grants the client needs").isEqualTo(400);
        assertThat(clientCredentials.field("error")).contains("unauthorized_client");

        Pkce pkce = Pkce.create();
        String code = codeFrom(OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "st4te", null, Map.of())), base()));
        assertThat(rp().redeem(client, code, OidcFlow.REDIRECT_URI, null).status()).as("missing verifier").isEqualTo(400);

        code = codeFrom(OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "st4te", null, Map.of())), base()));
        OidcFlow.TokenResponse wrong = rp().redeem(client, code, OidcFlow.REDIRECT_URI, Pkce.create().verifier());
        assertThat(wrong.status()).as("wrong verifier").isEqualTo(400);
        assertThat(wrong.field("error")).contains("invalid_grant");

        code = codeFrom(OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "st4te", null, Map.of())), base()));
        OidcFlow.TokenResponse first = rp().redeem(client, code, OidcFlow.REDIRECT_URI, pkce.verifier());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(rp().get("/userinfo", first.field("access_token").orElseThrow()).status()).isEqualTo(200);
        OidcFlow.TokenResponse replay = rp().redeem(client, code, OidcFlow.REDIRECT_URI, pkce.verifier());
        assertThat(replay.status()).as("a code works once").isEqualTo(400);
        assertThat(replay.field("error")).contains("invalid_grant");
        assertThat(rp().get("/userinfo", first.field("access_token").orElseThrow()).status()).as("a replayed code revokes what it gave").isEqualTo(401);
        assertThat(rp().refresh(client, first.field("refresh_token").orElseThrow()).status()).isEqualTo(400);
        assertThat(rp().redeem(new Client(client.clientId(), "not-the-secret-not-the-secret-000"), code, OidcFlow.REDIRECT_URI, pkce.verifier()).status())
                .as("a wrong client secret").isEqualTo(401);
    }

    @Test
    void aPublicClientMustUsePkce() {
        String name = unique("pub");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("spa"), true, false, false);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        Browser.Page withoutPkce = OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, null, "st4te", null, Map.of())), base());
        assertThat(withoutPkce.status()).isEqualTo(302);
        assertThat(OidcFlow.query(withoutPkce.location())).containsEntry("error", "invalid_request").doesNotContainKey("code");

        Pkce pkce = Pkce.create();
        String code = codeFrom(OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "st4te", null, Map.of())), base()));
        assertThat(rp().redeem(client, code, OidcFlow.REDIRECT_URI, null).status()).as("a public client without its verifier cannot even authenticate")
                .isEqualTo(401);
        code = codeFrom(OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "st4te", null, Map.of())), base()));
        OidcFlow.TokenResponse tokens = rp().redeem(client, code, OidcFlow.REDIRECT_URI, pkce.verifier());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.field("refresh_token")).as("no refresh token for a public client").isEmpty();
    }

    @Test
    void aConfidentialClientRegisteredWithRequirePkceMustUseIt() {
        String name = unique("pkce");
        createUser(name);
        String clientId = unique("conf-pkce");
        Clients.Added added = clients.add(new Clients.NewClient(clientId, "Test " + clientId, java.util.List.of(OidcFlow.REDIRECT_URI), java.util.List.of(),
                false, null, false, false, true, null), AuditActor.cli(), null);
        assertThat(added.client().requirePkce()).isTrue();
        Client client = new Client(clientId, added.generatedSecret());
        Browser b = browser();
        b.signIn(name, PASSWORD);
        Browser.Page withoutPkce = OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(clientId, OidcFlow.REDIRECT_URI, null, "st4te", null, Map.of())), base());
        assertThat(withoutPkce.status()).isEqualTo(302);
        assertThat(OidcFlow.query(withoutPkce.location())).as("no code without code_challenge, although the client has a secret")
                .containsEntry("error", "invalid_request").doesNotContainKey("code");

        Pkce pkce = Pkce.create();
        String code = codeFrom(OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(clientId, OidcFlow.REDIRECT_URI, pkce, "st4te", null, Map.of())), base()));
        OidcFlow.TokenResponse tokens = rp().redeem(client, code, OidcFlow.REDIRECT_URI, pkce.verifier());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.field("refresh_token")).as("still a confidential client").isPresent();

        // the default is unchanged: a confidential client without the setting may leave PKCE out
        Client plain = OidcFlow.register(clients, unique("conf"), false, false, false);
        Browser.Page plainCode = OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(plain.clientId(), OidcFlow.REDIRECT_URI, null, "st4te", null, Map.of())), base());
        assertThat(rp().redeem(plain, codeFrom(plainCode), OidcFlow.REDIRECT_URI, null).status()).isEqualTo(200);
    }

    /**
     * The token lookups are indexed (V17), and the index takes a token longer than a PostgreSQL
     * B-tree entry may be (about 2700 bytes): a JWT access token with many claims is that long.
     */
    @Test
    void tokenLookupsUseAnIndexAndLongTokensAreStored() throws Exception {
        String name = unique("idx");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        org.springframework.security.oauth2.server.authorization.client.RegisteredClient registered = registeredClients.findByClientId(client.clientId());
        byte[] random = new byte[6000];
        new java.security.SecureRandom().nextBytes(random);
        String longAccessToken = "eyJhbGciOiJSUzI1NiJ9." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random) + ".c2ln";
        String refreshToken = unique("refresh-value-") + "x".repeat(80);
        String code = unique("code-value-");
        java.time.Instant now = java.time.Instant.now();
        org.springframework.security.oauth2.server.authorization.OAuth2Authorization authorization =
                org.springframework.security.oauth2.server.authorization.OAuth2Authorization.withRegisteredClient(registered)
                        .id(java.util.UUID.randomUUID().toString()).principalName(name)
                        .authorizationGrantType(org.springframework.security.oauth2.core.AuthorizationGrantType.AUTHORIZATION_CODE)
                        .token(new org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode(code, now, now.plusSeconds(300)))
                        .accessToken(new org.springframework.security.oauth2.core.OAuth2AccessToken(
                                org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER, longAccessToken, now, now.plusSeconds(300)))
                        .refreshToken(new org.springframework.security.oauth2.core.OAuth2RefreshToken(refreshToken, now, now.plusSeconds(3600)))
                        .build();
        authorizations.save(authorization);
        assertThat(longAccessToken.length()).isGreaterThan(8000);
        assertThat(authorizations.findByToken(longAccessToken, org.springframework.security.oauth2.server.authorization.OAuth2TokenType.ACCESS_TOKEN))
                .extracting(org.springframework.security.oauth2.server.authorization.OAuth2Authorization::getId).isEqualTo(authorization.getId());
        assertThat(authorizations.findByToken(refreshToken, org.springframework.security.oauth2.server.authorization.OAuth2TokenType.REFRESH_TOKEN))
                .extracting(org.springframework.security.oauth2.server.authorization.OAuth2Authorization::getId).isEqualTo(authorization.getId());
        assertThat(authorizations.findByToken(code, null)).as("the OR-ed lookup of a token of unknown type")
                .extracting(org.springframework.security.oauth2.server.authorization.OAuth2Authorization::getId).isEqualTo(authorization.getId());

        // the plan of the service's own queries names an index (the planner is told to avoid a scan of this small table if it can)
        for (String column : java.util.List.of("refresh_token_value", "authorization_code_value", "access_token_value", "state", "oidc_id_token_value")) {
            assertThat(plan("SELECT id FROM oauth2_authorization WHERE " + column + " = ?", refreshToken)).as(column).containsIgnoringCase("oauth2_authorization_");
        }
    }

    private String plan(String query, String value) throws Exception {
        try (java.sql.Connection c = dataSource.getConnection()) {
            if (org.certportal.testing.TestDatabase.isPostgres()) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("SET enable_seqscan = off");
                }
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN " + query)) {
                ps.setString(1, value);
                StringBuilder plan = new StringBuilder();
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                if (org.certportal.testing.TestDatabase.isPostgres()) {
                    try (java.sql.Statement s = c.createStatement()) {
                        s.execute("RESET enable_seqscan");
                    }
                }
                return plan.toString();
            }
        }
    }

    @Test
    void refreshTokensAreRotatedAndTheOldOneIsRefusedAfterUse() throws Exception {
        String name = unique("refresh");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        Pkce pkce = Pkce.create();
        Browser.Page back = signInAtClient(browser(), client, pkce, null, name);
        OidcFlow.TokenResponse tokens = rp().redeem(client, codeFrom(back), OidcFlow.REDIRECT_URI, pkce.verifier());
        String refresh1 = tokens.field("refresh_token").orElseThrow();
        OidcFlow.TokenResponse second = rp().refresh(client, refresh1);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        String refresh2 = second.field("refresh_token").orElseThrow();
        assertThat(refresh2).isNotEqualTo(refresh1);
        JWTClaimsSet id = OidcFlow.verified(second.field("id_token").orElseThrow(), base());
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(rp().refresh(client, refresh1).status()).as("the used refresh token").isEqualTo(400);
        OidcFlow.TokenResponse third = rp().refresh(client, refresh2);
        assertThat(third.status()).isEqualTo(200);

        clock.advance(Clients.REFRESH_TOKEN_TTL.plusMinutes(1));
        assertThat(rp().refresh(client, third.field("refresh_token").orElseThrow()).status())
                .as("rotation does not extend the chain beyond its lifetime from the sign-in").isEqualTo(400);
    }

    @Test
    void endSessionEndsThePortalSessionAndReturnsToTheRegisteredUri() throws Exception {
        String name = unique("logout");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        Pkce pkce = Pkce.create();
        Browser b = browser();
        String idToken = idToken(client, pkce, signInAtClient(b, client, pkce, null, name));
        assertThat(b.get("/account").status()).isEqualTo(200);

        Browser.Page discovery = b.get("/.well-known/openid-configuration");
        assertThat(discovery.body()).contains("\"end_session_endpoint\":\"" + base() + "/connect/logout\"").contains("\"issuer\":\"" + base() + "\"")
                .contains("\"jwks_uri\":\"" + base() + "/oauth2/jwks\"").contains("\"userinfo_endpoint\":\"" + base() + "/userinfo\"")
                .contains("S256").doesNotContain("client_credentials").doesNotContain("\"password\"").doesNotContain("registration_endpoint");

        Browser.Page noHint = b.get("/connect/logout?" + Browser.encode(Map.of("post_logout_redirect_uri", OidcFlow.REDIRECT_URI + "/signed-out")));
        assertThat(noHint.status()).as("no forced logout without the ID token").isEqualTo(400);
        assertThat(b.get("/account").status()).isEqualTo(200);

        Browser.Page out = b.get("/connect/logout?" + Browser.encode(Map.of("id_token_hint", idToken, "post_logout_redirect_uri",
                OidcFlow.REDIRECT_URI + "/signed-out", "state", "bye")));
        assertThat(out.status()).as(out.body() + out.headers().map()).isEqualTo(302);
        assertThat(out.location()).startsWith(OidcFlow.REDIRECT_URI + "/signed-out").contains("state=bye");
        Browser.Page account = b.get("/account");
        assertThat(account.status()).as("the portal session ended too").isEqualTo(302);
        assertThat(account.location()).endsWith("/login");
    }

    @Test
    void aClientRequiringASecondFactorSendsAnAccountWithoutOneToAddItFirstThenBack() throws Exception {
        String name = unique("mfa");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, true, false);
        Pkce pkce = Pkce.create();
        Browser b = browser();
        Browser.Page step = signInAtClient(b, client, pkce, null, name);
        assertThat(step.body()).as("the security page, where an authenticator app is added").contains("id=\"enroll-required\"")
                .contains("action=\"/account/security/totp\"").doesNotContain("continue-to-client");

        SecondFactorSteps.Enrolled enrolled = SecondFactorSteps.enroll(b, clock);
        String back = continueLink(enrolled.confirmation());
        assertThat(back).startsWith("/oauth2/authorize?");
        Browser.Page toClient = OidcFlow.followInPortal(b, b.get(back), base());
        JWTClaimsSet id = OidcFlow.verified(idToken(client, pkce, toClient), base());
        assertThat(id.getStringListClaim("amr")).containsExactlyInAnyOrder("pwd", "otp", "mfa");
        assertThat(id.getStringClaim("acr")).isEqualTo(AuthenticationMethods.ACR_MFA);

        // Next time the account has the factor: the portal asks for it, then returns to the client.
        clock.advance(Duration.ofSeconds(30));
        Browser b2 = browser();
        Pkce pkce2 = Pkce.create();
        Browser.Page second = signInAtClient(b2, client, pkce2, null, name);
        assertThat(second.body()).as("the second step").contains("action=\"/login/second-factor\"");
        Browser.Page done = OidcFlow.followInPortal(b2, b2.post("/login/second-factor", Map.of("code", enrolled.app().code(clock.instant()))), base());
        assertThat(OidcFlow.verified(idToken(client, pkce2, done), base()).getStringListClaim("amr")).containsExactlyInAnyOrder("pwd", "otp", "mfa");
    }

    @Test
    void acrValuesCanAskForASecondFactor() {
        String name = unique("acr");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        Browser.Page asked = b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, Pkce.create(), "st4te", null,
                Map.of("acr_values", AuthenticationMethods.ACR_MFA)));
        assertThat(asked.location()).endsWith("/account/security?required");
    }

    @Test
    void aForcedPasswordChangeInsideAnAuthorizationRequestOffersTheWayBackToTheClient() throws Exception {
        String name = unique("change");
        Account account = createUser(name);
        accounts.requirePasswordChange(account.id(), "EXPIRED");
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        Pkce pkce = Pkce.create();
        Browser b = browser();
        Browser.Page step = signInAtClient(b, client, pkce, "n1", name);
        assertThat(step.body()).as("the forced change").contains("name=\"newPassword\"");
        String next = "amber lantern drifting " + unique("n");
        Browser.Page changed = b.post("/password/change", Map.of("currentPassword", PASSWORD, "newPassword", next, "confirmPassword", next));
        assertThat(changed.body()).contains("Your password has been successfully reset!");
        Browser.Page toClient = OidcFlow.followInPortal(b, b.get(continueLink(changed)), base());
        JWTClaimsSet id = OidcFlow.verified(idToken(client, pkce, toClient), base());
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(name);
        assertThat(id.getStringClaim("nonce")).isEqualTo("n1");
    }

    @Test
    void aThirdPartyClientAsksForConsentAndADenialSendsAccessDenied() {
        String name = unique("consent");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("third"), false, false, true);
        Pkce pkce = Pkce.create();
        Browser b = browser();
        Browser.Page page = signInAtClient(b, client, pkce, null, name);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-scope=\"profile\"").contains("data-scope=\"email\"").contains("Test " + client.clientId());
        assertThat(page.header("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'").contains("form-action 'self' https://app.example");
        String state = hiddenState(page);
        Browser.Page denied = b.postRaw("/oauth2/authorize", Browser.encode(Map.of("client_id", client.clientId(), "state", state)));
        assertThat(OidcFlow.query(denied.location())).containsEntry("error", "access_denied").doesNotContainKey("code");

        Browser.Page again = OidcFlow.followInPortal(b, b.get(OidcFlow.authorizePath(client.clientId(), OidcFlow.REDIRECT_URI, pkce, "st4te", null, Map.of())), base());
        String state2 = hiddenState(again);
        Browser.Page allowed = b.postRaw("/oauth2/authorize", "client_id=" + client.clientId() + "&state=" + java.net.URLEncoder.encode(state2, java.nio.charset.StandardCharsets.UTF_8)
                + "&scope=profile&scope=email");
        assertThat(idToken(client, pkce, allowed)).isNotEmpty();
    }

    @Test
    void twoNodesShareKeysClientsAndAuthorizations() throws Exception {
        String name = unique("nodes");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(CertportalApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--certportal.data-dir=" + environment.getProperty("certportal.data-dir"),
                "--certportal.base-url=" + base(),
                "--certportal.throttle.enabled=false",
                "--certportal.mail.embedded-smtp=false",
                "--certportal.password.argon2.memory-kib=7168",
                "--certportal.password.argon2.iterations=1",
                "--logging.level.root=warn")) {
            String nodeB = "http://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort();
            Pkce pkce = Pkce.create();
            String code = codeFrom(signInAtClient(browser(), client, pkce, null, name));
            OidcFlow.TokenResponse atB = new OidcFlow(nodeB).redeem(client, code, OidcFlow.REDIRECT_URI, pkce.verifier());
            assertThat(atB.status()).as("a code issued by node A, redeemed at node B: " + atB.body()).isEqualTo(200);
            JWTClaimsSet id = OidcFlow.verified(atB.field("id_token").orElseThrow(), base());
            assertThat(id.getIssuer()).isEqualTo(base());
            OidcFlow.verified(atB.field("id_token").orElseThrow(), nodeB);
            assertThat(new OidcFlow(nodeB).get("/oauth2/jwks", null).body()).isEqualTo(rp().get("/oauth2/jwks", null).body());
            assertThat(new OidcFlow(nodeB).get("/userinfo", atB.field("access_token").orElseThrow()).status()).isEqualTo(200);
            assertThat(new OidcFlow(nodeB).refresh(client, atB.field("refresh_token").orElseThrow()).status()).isEqualTo(200);
        }
    }

    @Test
    void keyRotationSignsWithTheNewKeyAndKeepsTheOldOneInTheJwks() throws Exception {
        String name = unique("rotate");
        createUser(name);
        Client client = OidcFlow.register(clients, unique("app"), false, false, false);
        Pkce pkce = Pkce.create();
        String before = idToken(client, pkce, signInAtClient(browser(), client, pkce, null, name));
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        SigningKeys.Rotation rotation = keys.rotate(AuditActor.cli());
        assertThat(rotation.retiredKid()).isEqualTo(oldKid);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Pkce p = Pkce.create();
            String after = idToken(client, p, signInAtClient(browser(), client, p, null, name));
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(rotation.currentKid());
            OidcFlow.verified(after, base());
        });
        assertThat(rp().get("/oauth2/jwks", null).body()).contains(oldKid).contains(rotation.currentKid());
        OidcFlow.verified(before, base());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND detail LIKE ?").param(AuditType.OIDC_KEY_ROTATED.name())
                .param("%" + rotation.currentKid() + "%").query(Long.class).single()).isEqualTo(1);

        // an hour later the old key is gone from the JWKS
        clock.advance(SigningKeys.RETENTION.plusMinutes(1));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(rp().get("/oauth2/jwks", null).body()).doesNotContain(oldKid).contains(rotation.currentKid()));
    }
}
