package org.certportal.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak side of the comparison, through its admin REST API only: a realm with brute-force
 * protection on (5 failures, as the portal), a public client with the standard (browser) flow, and
 * the same users with the same passwords, which Keycloak hashes itself with its default (Argon2id).
 */
final class KeycloakSetup {

    private KeycloakSetup() {
    }

    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    static void run(Bench.Args args) throws Exception {
        URI base = URI.create(args.get("base"));
        String realm = args.get("realm", "bench");
        List<Users.User> users = Users.read(Path.of(args.get("passwords")));
        HttpClient client = Browser.newClient();

        long t0 = System.nanoTime();
        String token = token(client, base, args.get("admin-user"), args.get("admin-password"));
        String realmJson = "{\"realm\":\"" + realm + "\",\"enabled\":true,\"sslRequired\":\"none\","
                + "\"bruteForceProtected\":true,\"permanentLockout\":false,\"failureFactor\":5,\"maxFailureWaitSeconds\":3600,"
                + "\"clients\":[{\"clientId\":\"bench\",\"enabled\":true,\"publicClient\":true,\"standardFlowEnabled\":true,"
                + "\"directAccessGrantsEnabled\":false,\"redirectUris\":[\"" + Flows.KC_REDIRECT + "\"]}]}";
        expect(send(client, base, token, "POST", "/admin/realms", realmJson), 201, "create realm");
        int created = 0;
        for (Users.User u : users) {
            if (System.nanoTime() - t0 > 40e9) { // the master realm's admin token lives 60 s
                token = token(client, base, args.get("admin-user"), args.get("admin-password"));
                t0 = System.nanoTime();
            }
            String json = "{\"username\":\"" + u.username() + "\",\"email\":\"" + u.email() + "\",\"emailVerified\":true,\"enabled\":true,"
                    + "\"firstName\":\"Bench\",\"lastName\":\"User\",\"credentials\":[{\"type\":\"password\",\"value\":\"" + u.password()
                    + "\",\"temporary\":false}]}";
            expect(send(client, base, token, "POST", "/admin/realms/" + realm + "/users", json), 201, "create user " + u.username());
            created++;
        }
        // Which hash Keycloak stored: its credential data names the algorithm and cost.
        HttpResponse<String> found = send(client, base, token, "GET", "/admin/realms/" + realm + "/users?exact=true&username=" + users.get(0).username(), null);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(found.body());
        String hashInfo = "unknown";
        if (id.find()) {
            HttpResponse<String> creds = send(client, base, token, "GET", "/admin/realms/" + realm + "/users/" + id.group(1) + "/credentials", null);
            Matcher cd = Pattern.compile("\"credentialData\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(creds.body());
            if (cd.find()) {
                hashInfo = cd.group(1).replace("\\\"", "\"").replace(",", ";");
            }
        }
        Bench.log("Keycloak realm %s: %d users; stored credential: %s", realm, created, hashInfo);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("keycloak_users", created);
        f.put("keycloak_hash", hashInfo);
        Bench.record(args, f);
    }

    static String token(HttpClient client, URI base, String user, String password) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", user, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
        expect(r, 200, "admin token");
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no access_token in " + r.body());
        }
        return m.group(1);
    }

    static HttpResponse<String> send(HttpClient client, URI base, String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }
}
