package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.certportal.account.Account;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * On a detected cloud platform (here Kubernetes, as {@code KUBERNETES_SERVICE_HOST} makes it) Spring
 * Boot used to switch on Tomcat's RemoteIpValve, which believes {@code X-Forwarded-For} from any
 * private or loopback peer. Only {@code certportal.trusted-proxies} (none here) may decide that.
 */
@TestPropertySource(properties = {"spring.main.cloud-platform=kubernetes", "certportal.throttle.enabled=true"})
class ForwardedHeadersIT extends IntegrationTest {

    @Autowired
    ServletWebServerApplicationContext context;
    @Autowired
    Environment environment;

    @Test
    void tomcatBelievesNoForwardingHeaderEvenOnKubernetes() {
        assertThat(CloudPlatform.getActive(environment)).isEqualTo(CloudPlatform.KUBERNETES);
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        Valve[] valves = server.getTomcat().getEngine().getPipeline().getValves();
        assertThat(valves).noneMatch(RemoteIpValve.class::isInstance);
        assertThat(server.getTomcat().getHost().getPipeline().getValves()).noneMatch(RemoteIpValve.class::isInstance);
    }

    @Test
    void aForwardedForFromAnUntrustedPeerChoosesNeitherTheAuditedNorTheThrottledAddress() throws Exception {
        String name = unique("xff");
        Account account = createUser(name);
        Browser b = browser().forwardedFor("203.0.113.77");
        b.signIn(name, "not the password at all 123");
        List<String> audited = jdbc.sql("SELECT client_address FROM audit_event WHERE account_id = ?").param(account.id()).query(String.class).list();
        assertThat(audited).isNotEmpty().doesNotContain("203.0.113.77");
        for (String address : audited) {
            assertThat(InetAddress.getByName(address).isLoopbackAddress()).as(address).isTrue();
        }
        List<String> buckets = jdbc.sql("SELECT bucket_key FROM throttle_bucket WHERE bucket_key LIKE 'sign-in-failures:%'").query(String.class).list();
        assertThat(buckets).isNotEmpty().noneMatch(k -> k.contains("203.0.113.77"));
    }

    @Test
    void forwardedLoopbackClaimsOpenNeitherTheMailboxNorTheMetrics() {
        RawHttp local = RawHttp.loopback(port);
        assertThat(local.get("/actuator/prometheus", Map.of()).status()).isEqualTo(200);
        for (Map<String, String> forwarded : List.of(Map.of("X-Forwarded-For", "127.0.0.1"), Map.of("X-Real-IP", "127.0.0.1"),
                Map.of("Forwarded", "for=127.0.0.1"))) {
            assertThat(local.get("/dev/mail", forwarded).status()).as(forwarded.toString()).isEqualTo(404);
            RawHttp.Response metrics = local.get("/actuator/prometheus", forwarded);
            // not for this anonymous request: sent to sign in (an administrator may read them), nothing shown
            assertThat(metrics.status()).as(forwarded.toString()).isIn(302, 401, 403);
            assertThat(metrics.body()).doesNotContain("certportal_");
        }
    }
}
