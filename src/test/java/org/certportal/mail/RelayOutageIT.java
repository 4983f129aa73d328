package org.certportal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.certportal.platform.Timestamps;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 17, faults: the SMTP relay is down for an hour. The hour passes on the test's clock (each
 * retry is made due by moving the clock to it), the relay is a GreenMail server of the test's own on
 * a fixed port, stopped for the outage and started again on the same port afterwards.
 */
class RelayOutageIT extends IntegrationTest {

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    JavaMailSenderImpl mailSender;
    @Autowired
    MailProperties properties;

    private record Row(String status, int attempts, Instant nextAttemptAt, String lastError) {
    }

    @Test
    void anHourWithoutTheRelayBacksOffToTheCapShowsInTheConsoleAndMetricsKeepsHealthUpAndLosesNothing() {
        int relayPort = freePort();
        int embeddedPort = mailSender.getPort();
        GreenMail relay = relay(relayPort);
        relay.start();
        mailSender.setPort(relayPort);
        try {
            String name = unique("relay");
            Account account = createUser(name);
            relay.stop(); // the outage begins
            String first = enqueue(account, "first");

            List<Duration> delays = new ArrayList<>();
            Instant outageStart = clock.instant();
            String second = null;
            while (Duration.between(outageStart, clock.instant()).compareTo(Duration.ofHours(1)) < 0) {
                int expected = delays.size() + 1;
                Row row = awaitAttempts(first, expected);
                assertThat(row.status()).as("attempt %d", expected).isEqualTo("QUEUED");
                assertThat(row.lastError()).as("attempt %d", expected).isNotBlank();
                // The delay the dispatcher chose, measured on its own clock (a second of slack for the pass itself).
                delays.add(Duration.between(clock.instant(), row.nextAttemptAt()));
                if (second == null && Duration.between(outageStart, clock.instant()).toMinutes() >= 30) {
                    second = enqueue(account, "second"); // queued in the middle of the outage
                }
                clock.advance(Duration.between(clock.instant(), row.nextAttemptAt()).plusSeconds(1));
            }
            // Exponential from first-retry-delay, doubling, capped at max-retry-delay; an hour is not
            // enough to reach max-attempts, so nothing is given up on.
            assertThat(delays).hasSizeGreaterThanOrEqualTo(10);
            for (int i = 0; i < delays.size(); i++) {
                Duration wanted = dispatcher.backoff(i + 1);
                assertThat(delays.get(i)).as("delay after attempt %d", i + 1)
                        .isBetween(wanted.minusSeconds(2), wanted.plusSeconds(1));
            }
            assertThat(delays.get(0)).isBetween(properties.firstRetryDelay().minusSeconds(2), properties.firstRetryDelay());
            assertThat(delays.get(delays.size() - 1)).isBetween(properties.maxRetryDelay().minusSeconds(2), properties.maxRetryDelay());
            assertThat(delays.size()).isLessThan(properties.maxAttempts());
            assertThat(second).isNotNull();
            String duringOutage = second;

            // Health stays UP (CONTRACT): the node serves sign-ins, mail waits.
            Browser.Page health = browser().get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");

            // Metrics show it: a backlog, its age past the CertportalOutboxStale threshold, retries counted.
            String metrics = browser().get("/actuator/prometheus").body();
            assertThat(metric(metrics, "certportal_outbox_queued")).isGreaterThanOrEqualTo(2);
            assertThat(metric(metrics, "certportal_outbox_oldest_waiting_seconds")).isGreaterThanOrEqualTo(3600);
            assertThat(metric(metrics, "certportal_outbox_messages_total", "state=\"retry\"", "template=\"username-reminder\""))
                    .isGreaterThanOrEqualTo(delays.size());

            // The console shows it: the queue on the home page, each email's attempts and last error on the account page.
            Browser agent = browser();
            Account support = createUser(unique("agent"), Role.SUPPORT);
            agent.signIn(support.username(), PASSWORD);
            String home = agent.get("/console").body();
            assertThat(Long.parseLong(between(home, "id=\"queued\">", "<"))).isGreaterThanOrEqualTo(2);
            String page = agent.get("/console/accounts/" + name).body();
            String mails = between(page, "<table id=\"mails\">", "</table>");
            assertThat(mails).contains("Connection refused").doesNotContain("data-status=\"FAILED\"").doesNotContain("data-status=\"SENT\"");
            // The status in words ("Waiting"), the row's data-status in the code the outbox uses; an email whose
            // attempt is under way at that instant shows as "Sending" (seen on PostgreSQL).
            java.util.regex.Matcher attempts = java.util.regex.Pattern.compile("data-status=\"(?:QUEUED|SENDING)\">.*?<td>(?:Waiting|Sending)</td><td>(\\d+)</td>", java.util.regex.Pattern.DOTALL)
                    .matcher(mails);
            assertThat(attempts.find()).isTrue();
            assertThat(attempts.find()).as("both emails listed as queued").isTrue();
            assertThat(Integer.parseInt(attempts.group(1))).as("the first email's attempts").isGreaterThanOrEqualTo(delays.size());

            // The relay returns on the same address: both emails go out at their next attempt, once each.
            relay = relay(relayPort);
            relay.start();
            clock.advance(Duration.ofMinutes(31));
            GreenMail returned = relay;
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received(returned, first) == 1 && received(returned, duringOutage) == 1);
            assertThat(row(first).status()).isEqualTo("SENT");
            assertThat(row(second).status()).isEqualTo("SENT");
            // More time (past every claim and retry) and more passes: nothing is sent a second time. A
            // probe queued after the clock moved is delivered only by a pass that saw both emails as sent.
            clock.advance(Duration.ofHours(1));
            String probe = enqueue(account, "probe");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received(returned, probe) == 1);
            assertThat(received(returned, first)).isEqualTo(1);
            assertThat(received(returned, second)).isEqualTo(1);
            assertThat(outbox.countByStatus("FAILED")).isZero();
        } finally {
            relay.stop();
            mailSender.setPort(embeddedPort);
        }
    }

    private String enqueue(Account account, String which) {
        String to = unique(which) + "@example.com";
        tx.executeWithoutResult(status -> outbox.enqueue(new OutgoingMail(account.id(), to, "username-reminder", "en",
                Map.of("usernames", account.username(), "count", "1", "supportUrl", "http://s", "loginUrl", "http://l"))));
        return to;
    }

    private Row awaitAttempts(String to, int attempts) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            Row r = row(to);
            return r.attempts() >= attempts && !"SENDING".equals(r.status());
        });
        Row r = row(to);
        assertThat(r.attempts()).isEqualTo(attempts);
        return r;
    }

    private Row row(String to) {
        return jdbc.sql("SELECT status, attempts, next_attempt_at, last_error FROM outbox WHERE recipient = ?").param(to)
                .query((rs, i) -> new Row(rs.getString(1), rs.getInt(2), Timestamps.instant(rs, "next_attempt_at"), rs.getString(4))).single();
    }

    private static long received(GreenMail relay, String to) {
        return Arrays.stream(relay.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(to));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).count();
    }

    private static GreenMail relay(int port) {
        return new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    /** The sum of the samples of {@code name} whose labels include every one of {@code labels} ({@code key="value"}). */
    static double metric(String scrape, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + " ") && !line.startsWith(name + "{")) {
                continue;
            }
            if (Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        assertThat(found).as(name + " " + Arrays.toString(labels) + " in the scrape").isTrue();
        return sum;
    }

    private static String between(String s, String from, String to) {
        int start = s.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        int end = s.indexOf(to, start + from.length());
        return s.substring(start + from.length(), end);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
