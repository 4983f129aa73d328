package org.certportal.testing;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certportal.audit.AuditActor;
import org.certportal.oidc.Clients;

/**
 * An OpenID Connect relying party as tests need one: registers a client through {@link Clients}
 * (as {@code client add} does), sends the browser ({@link Browser}, cookies and all) to the
 * authorization endpoint with PKCE, and calls the token, JWKS and userinfo endpoints over HTTP.
 */
public final class OidcFlow {

    public static final String REDIRECT_URI = "https://app.example/callback";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    public OidcFlow(String base) {
        this.base = base;
    }

    /** A confidential client (secret returned) or a public one (secret null). */
    public record Client(String clientId, String secret) {
    }

    public static Client register(Clients clients, String clientId, boolean publicClient, boolean requireMfa, boolean thirdParty) {
        Clients.Added added = clients.add(new Clients.NewClient(clientId, "Test " + clientId, List.of(REDIRECT_URI), List.of(REDIRECT_URI + "/signed-out"),
                publicClient, null, thirdParty, requireMfa), AuditActor.cli(), null);
        return new Client(clientId, added.generatedSecret());
    }

    /**
     * A confidential client whose redirect URI is {@code landing}, a page of the portal itself: a browser
     * test sent through its authorization request lands back on that page (the code unused). Returns
     * the authorization request's path.
     */
    public static String registerLandingOn(Clients clients, String clientId, String name, String landing, boolean thirdParty) {
        clients.add(new Clients.NewClient(clientId, name, List.of(landing), List.of(), false, null, thirdParty, false), AuditActor.cli(), null);
        return authorizePath(clientId, landing, null, STATE, null, Map.of());
    }

    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The path and query of an authorization request for the openid, profile and email scopes. */
    public static String authorizePath(String clientId, String redirectUri, Pkce pkce, String state, String nonce, Map<String, String> extra) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        q.put("scope", "openid profile email");
        q.put("state", state);
        if (nonce != null) {
            q.put("nonce", nonce);
        }
        if (pkce != null) {
            q.put("code_challenge", pkce.challenge());
            q.put("code_challenge_method", "S256");
        }
        q.putAll(extra);
        return "/oauth2/authorize?" + Browser.encode(q);
    }

    /** Follows same-origin redirects from {@code page} until one leaves the portal (or a page answers); returns that last answer. */
    public static Browser.Page followInPortal(Browser b, Browser.Page page, String portalBase) {
        int hops = 0;
        while (page.status() / 100 == 3 && hops++ < 10) {
            String location = page.location();
            if (location.startsWith("http") && !location.startsWith(portalBase)) {
                return page;
            }
            page = b.follow(page);
        }
        return page;
    }

    /** The query parameters of a redirect to the client. */
    public static Map<String, String> query(String location) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    public record TokenResponse(int status, String body) {
        public Optional<String> field(String name) {
            var m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /** The {@code state} every authorization request of {@link #signInAtClient} sends. */
    public static final String STATE = "st4te";

    /**
     * Starts at the client as a relying party does (PKCE, openid profile email), signs in through the
     * portal's /login form and follows the portal's redirects: returns the redirect back to the client
     * (or the page that stops on the way, such as a consent page). {@code onLoginPage} sees /login first.
     */
    public static Browser.Page signInAtClient(Browser b, String portalBase, Client client, Pkce pkce, String nonce, String username, String password,
            Consumer<Browser.Page> onLoginPage) {
        Browser.Page start = b.get(authorizePath(client.clientId(), REDIRECT_URI, pkce, STATE, nonce, Map.of()));
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.location()).endsWith("/login");
        onLoginPage.accept(b.get("/login"));
        Browser.Page signedIn = b.post("/login", Map.of("username", username, "password", password));
        return followInPortal(b, signedIn, portalBase);
    }

    /** The code of a redirect back to the client, after checking that it is one and carries {@link #STATE}. */
    public static String codeFrom(Browser.Page back) {
        assertThat(back.location()).startsWith(REDIRECT_URI + "?");
        Map<String, String> q = query(back.location());
        assertThat(q).containsEntry("state", STATE);
        return q.get("code");
    }

    /** The consent page's pending {@code state}, which its forms post back to the authorization endpoint. */
    public static String hiddenState(Browser.Page consentPage) {
        Matcher m = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(consentPage.body());
        assertThat(m.find()).as(consentPage.body()).isTrue();
        return m.group(1);
    }

    /** "Allow" on the consent page, for {@code scopes}: the redirect back to the client. */
    public static Browser.Page allow(Browser b, Browser.Page consentPage, Client client, String... scopes) {
        StringBuilder body = new StringBuilder("client_id=").append(URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8))
                .append("&state=").append(URLEncoder.encode(hiddenState(consentPage), StandardCharsets.UTF_8));
        for (String scope : scopes) {
            body.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        return b.postRaw("/oauth2/authorize", body.toString());
    }

    /** Redeems the code of {@code back} (asserting a 200): the ID, access and refresh tokens. */
    public TokenResponse tokens(Client client, Pkce pkce, Browser.Page back) {
        TokenResponse tokens = redeem(client, codeFrom(back), REDIRECT_URI, pkce.verifier());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens;
    }

    public TokenResponse redeem(Client client, String code, String redirectUri, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return token(client, form);
    }

    public TokenResponse refresh(Client client, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return token(client, form);
    }

    public TokenResponse token(Client client, Map<String, String> form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (client.secret() == null) {
            form.put("client_id", client.clientId());
        } else {
            String basic = URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8) + ":" + URLEncoder.encode(client.secret(), StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form))));
    }

    public TokenResponse get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private TokenResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new TokenResponse(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWT's claims once its signature checks out against a key of the JWKS at {@code jwksBase}; fails otherwise. */
    public static JWTClaimsSet verified(String jwt, String jwksBase) {
        try {
            SignedJWT signed = SignedJWT.parse(jwt);
            HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jwksBase + "/oauth2/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString());
            RSAKey key = (RSAKey) JWKSet.parse(jwks.body()).getKeyByKeyId(signed.getHeader().getKeyID());
            if (key == null) {
                throw new AssertionError("no key " + signed.getHeader().getKeyID() + " in the JWKS of " + jwksBase);
            }
            if (!signed.verify(new RSASSAVerifier(key))) {
                throw new AssertionError("the signature does not verify");
            }
            return signed.getJWTClaimsSet();
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
