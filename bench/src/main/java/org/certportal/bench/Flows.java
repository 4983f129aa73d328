package org.certportal.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The browser sign-in flows of the two systems, as a person's browser runs them, from a fresh browser each time. */
final class Flows {

    private Flows() {
    }

    /** Success, or why not; postNanos is the time of the credential POST alone (where the hash is). */
    record Outcome(boolean ok, long postNanos, String error) {
    }

    interface SignInFlow {
        CompletableFuture<Outcome> signIn(Users.User user);
    }

    static Browser.FlowException fail(String step, Browser.Response r) {
        return new Browser.FlowException(step + ": HTTP " + r.statusCode() + r.header("location").map(l -> " -> " + l).orElse(""));
    }

    /** certportal: GET /login, POST /login (302 to /account), GET /account (200 showing the username). */
    static SignInFlow portal(URI base) {
        return user -> {
            Browser b = new Browser(base);
            long[] postStart = new long[1];
            long[] postNanos = new long[1];
            return b.get("/login").thenCompose(r -> {
                if (r.statusCode() != 200) {
                    throw fail("GET /login", r);
                }
                Map<String, String> f = new LinkedHashMap<>();
                f.put("username", user.username());
                f.put("password", user.password());
                f.put("_csrf", Browser.csrf(r.body()));
                postStart[0] = System.nanoTime();
                return b.postForm("/login", f);
            }).thenCompose(r -> {
                postNanos[0] = System.nanoTime() - postStart[0];
                String location = r.header("location").orElse("");
                if ((r.statusCode() != 302 && r.statusCode() != 303) || !URI.create(location).getPath().equals("/account")) {
                    throw fail("POST /login", r);
                }
                return b.get(location);
            }).thenApply(r -> {
                if (r.statusCode() != 200 || !r.body().contains(user.username())) {
                    throw fail("GET /account", r);
                }
                return new Outcome(true, postNanos[0], null);
            });
        };
    }

    private static final Pattern KC_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);
    private static final Pattern KC_FORM2 = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"", Pattern.DOTALL);

    static final String KC_REDIRECT = "http://127.0.0.1:9/bench/callback";

    /**
     * Keycloak: GET the authorization endpoint (its login form), POST the credentials to the
     * form's action (302 to the client's redirect URI with ?code=). The redirect target is not
     * fetched: it is the application, not Keycloak.
     */
    static SignInFlow keycloak(URI base, String realm, String clientId) {
        return user -> {
            Browser b = new Browser(base);
            long[] postStart = new long[1];
            long[] postNanos = new long[1];
            String auth = "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + clientId + "&response_type=code&scope=openid"
                    + "&redirect_uri=" + URLEncoder.encode(KC_REDIRECT, StandardCharsets.UTF_8)
                    + "&state=" + UUID.randomUUID() + "&nonce=" + UUID.randomUUID();
            return b.get(auth).thenCompose(r -> {
                if (r.statusCode() != 200) {
                    throw fail("GET auth", r);
                }
                Matcher m = KC_FORM.matcher(r.body());
                if (!m.find()) {
                    m = KC_FORM2.matcher(r.body());
                    if (!m.find()) {
                        throw new Browser.FlowException("GET auth: no kc-form-login in the page");
                    }
                }
                Map<String, String> f = new LinkedHashMap<>();
                f.put("username", user.username());
                f.put("password", user.password());
                f.put("credentialId", "");
                postStart[0] = System.nanoTime();
                return b.postForm(Browser.unescapeHtml(m.group(1)), f);
            }).thenApply(r -> {
                postNanos[0] = System.nanoTime() - postStart[0];
                String location = r.header("location").orElse("");
                if (r.statusCode() != 302 || !location.startsWith(KC_REDIRECT) || !location.contains("code=")) {
                    throw fail("POST credentials", r);
                }
                return new Outcome(true, postNanos[0], null);
            });
        };
    }
}
