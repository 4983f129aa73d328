package org.certportal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.certportal.audit.AuditType;
import org.junit.jupiter.api.Test;
import org.certportal.testing.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** {@code client add|list|remove} and {@code key rotate}, run in-process against the test's own database. */
class ClientCommandsIT extends IntegrationTest {

    @Autowired
    Environment environment;

    private InProcessCommand.Result run(String stdin, String... args) {
        return InProcessCommand.run(environment, List.of(), "--secret-stdin: standard input is empty", stdin, args);
    }

    private long events(AuditType type, String detailPart) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND detail LIKE ?").param(type.name()).param("%" + detailPart + "%")
                .query(Long.class).single();
    }

    @Test
    void addListAndRemoveClientsWithSecretsStoredOnlyAsHashes() {
        String confidential = unique("conf");
        InProcessCommand.Result added = run(null, "client", "add", "--client-id=" + confidential, "--redirect-uri=https://app.example.com/cb",
                "--redirect-uri=http://localhost:9090/cb", "--name=Certificate services", "--require-mfa");
        assertThat(added.exit()).as(added.err()).isZero();
        String secret = added.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        String stored = jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?").param(confidential).query(String.class).single();
        assertThat(stored).startsWith("{bcrypt}").doesNotContain(secret);
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches(secret, stored)).isTrue();
        String tokenSettings = jdbc.sql("SELECT token_settings FROM oauth2_registered_client WHERE client_id = ?").param(confidential).query(String.class).single();
        assertThat(tokenSettings).as("codes live 5 minutes; refresh tokens are rotated")
                .containsPattern("authorization-code-time-to-live\".{0,40}(300|PT5M)")
                .containsPattern("reuse-refresh-tokens\"\\s*:\\s*false");

        String given = "a-client-secret-of-forty-characters-long!";
        String viaStdin = unique("stdin");
        InProcessCommand.Result fromStdin = run(given, "client", "add", "--client-id=" + viaStdin, "--redirect-uri=https://app.example.com/cb", "--secret-stdin");
        assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.out()).doesNotContain(given);

        String pub = unique("pub");
        InProcessCommand.Result publicClient = run(null, "client", "add", "--client-id=" + pub, "--redirect-uri=http://127.0.0.1:8000/cb", "--public", "--third-party");
        assertThat(publicClient.exit()).as(publicClient.err()).isZero();
        assertThat(jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?").param(pub).query(String.class).optional()).isEmpty();

        InProcessCommand.Result list = run(null, "client", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(confidential + "\tconfidential,require-mfa\thttp://localhost:9090/cb https://app.example.com/cb\tCertificate services")
                .contains(pub + "\tpublic,third-party\thttp://127.0.0.1:8000/cb").doesNotContain(secret).doesNotContain("{bcrypt}");

        InProcessCommand.Result removed = run(null, "client", "remove", "--client-id=" + pub);
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(run(null, "client", "list").out()).doesNotContain(pub);
        assertThat(events(AuditType.OIDC_CLIENT_ADDED, confidential)).isEqualTo(1);
        assertThat(events(AuditType.OIDC_CLIENT_REMOVED, pub)).isEqualTo(1);
    }

    @Test
    void requirePkceAndAnInitiateLoginUriAreStoredWithTheClientAndListed() {
        String id = unique("pkce");
        InProcessCommand.Result added = run(null, "client", "add", "--client-id=" + id, "--redirect-uri=https://app.example.com/cb", "--require-pkce",
                "--initiate-login-uri=https://app.example.com/oauth2/authorization/portal");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("confidential client (PKCE required)");
        String settings = jdbc.sql("SELECT client_settings FROM oauth2_registered_client WHERE client_id = ?").param(id).query(String.class).single();
        assertThat(settings).containsPattern("require-proof-key\"\\s*:\\s*true")
                .contains("https://app.example.com/oauth2/authorization/portal");
        assertThat(run(null, "client", "list").out()).contains(id + "\tconfidential,require-pkce\thttps://app.example.com/cb\t" + id
                + "\tinitiate-login-uri=https://app.example.com/oauth2/authorization/portal");
        assertThat(events(AuditType.OIDC_CLIENT_ADDED, id + " (confidential), PKCE required")).isEqualTo(1);

        String plain = unique("plain");
        assertThat(run(null, "client", "add", "--client-id=" + plain, "--redirect-uri=https://app.example.com/cb").exit()).isZero();
        assertThat(jdbc.sql("SELECT client_settings FROM oauth2_registered_client WHERE client_id = ?").param(plain).query(String.class).single())
                .as("the default is unchanged").containsPattern("require-proof-key\"\\s*:\\s*false");
        assertThat(run(null, "client", "list").out()).as("four fields without an initiate-login URI")
                .containsPattern("(?m)^" + plain + "\tconfidential\thttps://app.example.com/cb\t" + plain + "$");

        assertBad(run(null, "client", "add", "--client-id=" + unique("bad"), "--redirect-uri=https://app.example.com/cb",
                "--initiate-login-uri=http://app.example.com/start"), "the initiate-login URI 'http://app.example.com/start' must use https");
        assertBad(run(null, "client", "add", "--client-id=" + unique("bad"), "--redirect-uri=https://app.example.com/cb",
                "--initiate-login-uri=/start"), "must be absolute");
    }

    @Test
    void badInputExitsWithTwoAndOneLineReason() {
        String id = unique("bad");
        assertBad(run(null, "client", "add", "--client-id=" + id, "--redirect-uri=http://app.example.com/cb"), "must use https");
        assertBad(run(null, "client", "add", "--client-id=" + id, "--redirect-uri=/cb"), "must be absolute");
        assertBad(run(null, "client", "add", "--client-id=" + id, "--redirect-uri=https://app.example.com/cb#x"), "fragment");
        assertBad(run(null, "client", "add", "--client-id=" + id), "at least one --redirect-uri");
        assertBad(run(null, "client", "add", "--client-id=bad id", "--redirect-uri=https://app.example.com/cb"), "client id");
        assertBad(run("short", "client", "add", "--client-id=" + id, "--redirect-uri=https://app.example.com/cb", "--secret-stdin"), "at least 32");
        assertBad(run("x".repeat(40), "client", "add", "--client-id=" + id, "--redirect-uri=https://app.example.com/cb", "--secret-stdin", "--public"),
                "public client has no secret");
        assertBad(run(null, "client", "remove", "--client-id=" + id), "no client");
        assertThat(run(null, "client", "add", "--client-id=" + id, "--redirect-uri=https://app.example.com/cb").exit()).isZero();
        assertBad(run(null, "client", "add", "--client-id=" + id, "--redirect-uri=https://other.example.com/cb"), "already registered");
    }

    private static void assertBad(InProcessCommand.Result r, String reason) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(reason).hasLineCount(1);
    }

    @Test
    void keyRotateMakesANewCurrentKeyAndKeepsTheOldOnePublished() {
        String before = jdbc.sql("SELECT kid FROM oidc_signing_key WHERE current_slot = 1").query(String.class).single();
        InProcessCommand.Result r = run(null, "key", "rotate");
        assertThat(r.exit()).as(r.err()).isZero();
        String after = jdbc.sql("SELECT kid FROM oidc_signing_key WHERE current_slot = 1").query(String.class).single();
        assertThat(after).isNotEqualTo(before);
        assertThat(r.out()).contains(after).contains(before);
        assertThat(browser().get("/oauth2/jwks").body()).contains(before);
        assertThat(events(AuditType.OIDC_KEY_ROTATED, after)).isEqualTo(1);
    }
}
