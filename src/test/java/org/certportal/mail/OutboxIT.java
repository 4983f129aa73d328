package org.certportal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.RawHttp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class OutboxIT extends IntegrationTest {

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    org.springframework.mail.javamail.JavaMailSenderImpl mailSender;

    @Test
    void aMessageIsWrittenOnlyWhenItsTransactionCommits() {
        String to = unique("tx") + "@example.com";
        try {
            tx.executeWithoutResult(status -> {
                outbox.enqueue(new OutgoingMail(null, to, "username-reminder", "en", Map.of("usernames", "x", "count", "1", "supportUrl", "s", "loginUrl", "l")));
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the change failed, so its email must not exist
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE recipient = ?").param(to).query(Long.class).single()).isZero();
    }

    @Test
    void anEmailBeingAttemptedStillCountsAsWaiting() {
        String to = unique("sending") + "@example.com";
        outbox.enqueue(new OutgoingMail(null, to, "username-reminder", "en", Map.of("usernames", "x", "count", "1", "supportUrl", "s", "loginUrl", "l")));
        // as a dispatcher's claim leaves it while it talks to the relay (a claim far ahead, so no pass takes it over)
        jdbc.sql("UPDATE outbox SET status = 'SENDING', claimed_until = ? WHERE recipient = ?")
                .param(java.time.OffsetDateTime.now().plusHours(1)).param(to).update();

        long waiting = outbox.countWaiting();
        long queued = outbox.countByStatus("QUEUED"); // only falls meanwhile: passes deliver, nothing here enqueues
        assertThat(waiting).as("the console's and the gauge's backlog").isGreaterThanOrEqualTo(queued + 1);
        jdbc.sql("DELETE FROM outbox WHERE recipient = ?").param(to).update();
    }

    @Test
    void bodiesAreEncryptedAtRestAndErasedOnceSent() {
        String to = unique("enc") + "@example.com";
        String secret = "SECRET-" + unique("v");
        tx.executeWithoutResult(status -> outbox.enqueue(new OutgoingMail(null, to, "username-reminder", "en",
                Map.of("usernames", secret, "count", "1", "supportUrl", "http://s", "loginUrl", "http://l"))));
        Mail.Received mail = Mail.awaitSubject(greenMail, to, "Your username");
        assertThat(mail.text()).contains(secret);
        assertThat(mail.html()).contains(secret);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                "SENT".equals(jdbc.sql("SELECT status FROM outbox WHERE recipient = ?").param(to).query(String.class).single()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE recipient = ? AND payload IS NULL").param(to).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoffAndNeverLost() throws Exception {
        String to = unique("retry") + "@example.com";
        int port = mailSender.getPort();
        mailSender.setPort(1); // nothing listens there: the relay is "down"
        try {
            tx.executeWithoutResult(status -> outbox.enqueue(new OutgoingMail(null, to, "username-reminder", "en",
                    Map.of("usernames", "u", "count", "1", "supportUrl", "http://s", "loginUrl", "http://l"))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    jdbc.sql("SELECT attempts FROM outbox WHERE recipient = ?").param(to).query(Integer.class).single() >= 1);
            var row = jdbc.sql("SELECT status, last_error FROM outbox WHERE recipient = ?").param(to)
                    .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).single();
            assertThat(row[0]).isEqualTo("QUEUED");
            assertThat(row[1]).isNotBlank();
            // Health stays UP while the relay is down: mail waits, the node still serves.
            assertThat(browser().get("/actuator/health").body()).contains("\"status\":\"UP\"");
        } finally {
            mailSender.setPort(port);
        }
        // Make the retry due now instead of after the backoff, then let the dispatcher deliver it.
        jdbc.sql("UPDATE outbox SET next_attempt_at = ? WHERE recipient = ?").param(java.time.OffsetDateTime.now().minusSeconds(1)).param(to).update();
        Mail.awaitSubject(greenMail, to, "Your username");
    }

    @Test
    void backoffGrowsAndIsCapped() {
        assertThat(dispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(dispatcher.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(dispatcher.backoff(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(dispatcher.backoff(30)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void devMailShowsTheEmbeddedMailboxToLoopbackOnly() {
        assertThat(browser().get("/dev/mail").status()).isEqualTo(200);
        assertThat(browser().get("/dev/mail").body()).contains("Embedded mailbox");
    }

    @Test
    void devMailRefusesALoopbackRequestThatAProxyForwarded() {
        // A reverse proxy on the same host connects from 127.0.0.1 for anyone and adds one of these;
        // naming 127.0.0.1 in them proves nothing.
        for (String header : new String[] {"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP"}) {
            String value = "Forwarded".equals(header) ? "for=127.0.0.1" : "127.0.0.1";
            RawHttp.Response answer = RawHttp.loopback(port).get("/dev/mail", Map.of(header, value));
            assertThat(answer.status()).as(header).isEqualTo(404);
            assertThat(answer.body()).as(header).doesNotContain("Embedded mailbox").doesNotContain("Exception");
        }
    }

    @Test
    void devMailRefusesARequestFromAnotherAddressOfThisMachine() {
        Optional<InetAddress> other = RawHttp.nonLoopbackAddress();
        Assumptions.assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to connect from");
        RawHttp remote = RawHttp.from(other.get(), port);
        assertThat(remote.get("/dev/mail", Map.of()).status()).isEqualTo(404);
        assertThat(remote.get("/dev/mail", Map.of("X-Forwarded-For", "127.0.0.1")).status()).isEqualTo(404);
        // the same connection path answers other pages, so the 404 is the refusal, not a dead route
        assertThat(remote.get("/login", Map.of()).status()).isEqualTo(200);
    }
}
