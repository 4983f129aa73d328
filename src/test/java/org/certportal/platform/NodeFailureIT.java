package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.certportal.CertportalApplication;
import org.certportal.mail.Outbox;
import org.certportal.mail.OutgoingMail;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 17, faults: one of two nodes dies under load. In one JVM a node cannot be killed with
 * {@code kill -9} (bench/node-kill does that with two real processes); here the dead node is a
 * second application context on the same database, stopped while requests are running, and the
 * work it had claimed is claimed rows that it never finishes (its leases run out on the survivor's
 * clock). The survivor is this class's portal.
 */
class NodeFailureIT extends IntegrationTest {

    private static final String DEAD_NODE = "dead-node/4242:1";

    @Autowired
    Environment environment;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;

    @Test
    void theSurvivorServesEverySessionOfTheDeadNodeAndTakesOverItsClaimsWhenTheirLeasesEnd() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            names.add(unique("node"));
            createUser(names.get(i));
        }
        List<Browser> signedIn = new ArrayList<>();
        ConfigurableApplicationContext dying = startSecondNode();
        ExecutorService load = Executors.newFixedThreadPool(2);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            String other = "http://localhost:" + ((WebServerApplicationContext) dying).getWebServer().getPort();
            for (String name : names) {
                Browser b = new Browser(other);
                assertThat(b.signIn(name, PASSWORD).location()).endsWith("/account");
                signedIn.add(b);
            }
            // Sign-in load on the dying node until it dies: failures there are expected, only the sessions count.
            java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                String name = names.get(t);
                running.add(load.submit(() -> {
                    while (!stop.get()) {
                        try {
                            new Browser(other).signIn(name, PASSWORD);
                            answered.incrementAndGet();
                        } catch (RuntimeException dead) {
                            // the node went away mid-request
                        }
                    }
                }));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() >= 4);
            // Abruptly: the web server stops under the running requests, then the context goes.
            ((WebServerApplicationContext) dying).getWebServer().stop();
            dying.close();
            stop.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
            dying.close();
        }

        // Every session of the dead node works on the survivor: the sessions live in the database.
        for (int i = 0; i < names.size(); i++) {
            Browser moved = new Browser("http://localhost:" + port);
            moved.setCookie("SESSION", signedIn.get(i).cookie("SESSION").orElseThrow());
            Browser.Page account = moved.get("/account");
            assertThat(account.status()).as(names.get(i)).isEqualTo(200);
            assertThat(account.body()).as(names.get(i)).contains(names.get(i));
        }

        // What the dead node had claimed: an email it was sending and a recovery request it was handling.
        Instant now = clock.instant();
        String held = unique("held") + "@example.com";
        tx.executeWithoutResult(status -> {
            outbox.enqueue(new OutgoingMail(null, held, "username-reminder", "en",
                    Map.of("usernames", "u", "count", "1", "supportUrl", "http://s", "loginUrl", "http://l")));
            // In the enqueuing transaction, so that no pass of the survivor sees the row unclaimed.
            jdbc.sql("UPDATE outbox SET status = 'SENDING', claimed_until = ? WHERE recipient = ?")
                    .param(Timestamps.db(now.plus(Duration.ofMinutes(2)))).param(held).update();
        });
        String requester = names.get(names.size() - 1);
        Duration lease = environment.getProperty("certportal.recovery.lease", Duration.class, Duration.ofMinutes(2));
        jdbc.sql("INSERT INTO recovery_request (kind, username, email, client_address, locale, requested_at, claimed_by, lease_until, attempts) "
                        + "VALUES ('RESET',?,?,'192.0.2.9','en',?,?,?,1)")
                .param(requester).param(emailOf(requester)).param(Timestamps.db(now)).param(DEAD_NODE)
                .param(Timestamps.db(now.plus(lease))).update();

        // While the leases hold, the survivor leaves both alone: a witness email queued after them is
        // delivered (the dispatcher takes rows oldest first) and nothing of theirs moved.
        String witness = unique("witness") + "@example.com";
        tx.executeWithoutResult(status -> outbox.enqueue(new OutgoingMail(null, witness, "username-reminder", "en",
                Map.of("usernames", "w", "count", "1", "supportUrl", "http://s", "loginUrl", "http://l"))));
        Mail.awaitSubject(greenMail, witness, "Your username");
        assertThat(Mail.to(greenMail, held)).isEmpty();
        assertThat(jdbc.sql("SELECT status FROM outbox WHERE recipient = ?").param(held).query(String.class).single()).isEqualTo("SENDING");
        assertThat(jdbc.sql("SELECT claimed_by FROM recovery_request WHERE username = ?").param(requester).query(String.class).single())
                .isEqualTo(DEAD_NODE);

        // The leases end: the survivor delivers the email and handles the request, once each.
        clock.advance(Duration.ofMinutes(2).plus(lease).plusSeconds(1));
        Mail.awaitSubject(greenMail, held, "Your username");
        Mail.await(greenMail, emailOf(requester), 2);
        assertThat(jdbc.sql("SELECT claimed_by FROM recovery_request WHERE username = ?").param(requester).query(String.class).single())
                .isNotEqualTo(DEAD_NODE);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM recovery_request WHERE username = ? AND processed_at IS NOT NULL").param(requester)
                .query(Long.class).single()).isEqualTo(1);
        // A second witness after the takeover: by the time it arrives, later passes ran, and sent nothing twice.
        String after = unique("after") + "@example.com";
        tx.executeWithoutResult(status -> outbox.enqueue(new OutgoingMail(null, after, "username-reminder", "en",
                Map.of("usernames", "a", "count", "1", "supportUrl", "http://s", "loginUrl", "http://l"))));
        Mail.awaitSubject(greenMail, after, "Your username");
        assertThat(Mail.to(greenMail, held)).hasSize(1);
        assertThat(Mail.to(greenMail, emailOf(requester))).hasSize(2);
    }

    /** The other node: the same database and data directory (so the same keys), a port of its own. */
    private ConfigurableApplicationContext startSecondNode() {
        return new SpringApplicationBuilder(CertportalApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--certportal.data-dir=" + environment.getProperty("certportal.data-dir"),
                "--certportal.base-url=" + environment.getProperty("certportal.base-url"),
                "--certportal.throttle.enabled=false",
                "--certportal.mfa.required-roles=",
                "--certportal.password.argon2.memory-kib=7168",
                "--certportal.password.argon2.iterations=1",
                // its own relay: the test reads only the survivor's mailbox
                "--certportal.mail.embedded-smtp-port=0",
                "--logging.level.root=warn",
                "--logging.level.certportal=error");
    }
}
