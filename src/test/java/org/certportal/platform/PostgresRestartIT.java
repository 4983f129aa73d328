package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certportal.testing.FreePorts.freePort;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.certportal.mail.Outbox;
import org.certportal.mail.OutgoingMail;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 17, faults: PostgreSQL restarts under sign-in load. The portal gets a PostgreSQL server of
 * its own (not the run's shared one, which other classes use), on a fixed port and data directory,
 * so that it can be stopped and started again where the pool expects it. It runs in the PostgreSQL
 * execution only: the H2 execution has no server to restart.
 */
@EnabledIfSystemProperty(named = "certportal.test.db", matches = "postgres")
@ContextConfiguration(initializers = PostgresRestartIT.OwnPostgres.class)
@org.springframework.test.annotation.DirtiesContext
@org.springframework.test.context.TestPropertySource(properties = "logging.level.org.certportal.platform.DatabaseOutage=info")
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class PostgresRestartIT extends IntegrationTest {

    /** Starts (once) and points the context at a PostgreSQL server that the test may stop and start again. */
    static class OwnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        static Path dataDir;
        static int port;
        static volatile EmbeddedPostgres server;

        static synchronized void start() {
            try {
                if (dataDir == null) {
                    dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "pg-restart-").toAbsolutePath();
                    port = freePort();
                    Runtime.getRuntime().addShutdownHook(new Thread(OwnPostgres::stopQuietly));
                }
                server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void stopQuietly() {
            try {
                stop();
            } catch (RuntimeException ignored) {
                // the JVM is going away anyway
            }
        }

        static synchronized void stop() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            start();
            // Applied when the context refreshes, after every initializer: TestDatabase (the base
            // class's) would otherwise point the context at the run's shared server.
            Map<String, Object> own = Map.of("spring.datasource.url", server.getJdbcUrl("postgres", "postgres"), "spring.datasource.username", "postgres");
            context.addBeanFactoryPostProcessor(beanFactory -> context.getEnvironment().getPropertySources()
                    .addFirst(new org.springframework.core.env.MapPropertySource("own-postgres", own)));
        }
    }

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;

    private final AtomicBoolean databaseAway = new AtomicBoolean();
    private final List<String> cutOff = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void aRestartUnderSignInLoadAnswers503WhileDownShowsInHealthAndTheSameServerServesAfterwardsWithoutLosingMail(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        List<String> names = List.of(unique("pg"), unique("pg"));
        names.forEach(this::createUser);
        String before = enqueue("before");

        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> fiveHundreds = new ConcurrentLinkedQueue<>();
        AtomicInteger signedIn = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(names.size());
        List<Future<?>> running = new ArrayList<>();
        for (String name : names) {
            running.add(load.submit(() -> {
                while (!stop.get()) {
                  boolean awayAtStart = databaseAway.get();
                  try {
                    Browser b = browser();
                    Browser.Page login = b.get("/login");
                    record(login, "GET /login", statuses, fiveHundreds);
                    if (login.status() != 200) {
                        continue;
                    }
                    Browser.Page answer = b.post("/login", Map.of("username", name, "password", PASSWORD));
                    record(answer, "POST /login", statuses, fiveHundreds);
                    if (answer.status() == 302 && answer.location().endsWith("/account")) {
                        Browser.Page account = b.get("/account");
                        record(account, "GET /account", statuses, fiveHundreds);
                        if (account.status() == 200) {
                            signedIn.incrementAndGet();
                        }
                    } else {
                        assertThat(answer.location()).as("a sign-in with the right password is never refused as wrong").doesNotContain("error");
                    }
                  } catch (java.io.UncheckedIOException e) {
                    // A response cut off while PostgreSQL stops (the session written back after the page had
                    // begun to go out) is no 503 page: never tolerated (DatabaseOutageFilter holds the body).
                    cutOff.add((awayAtStart || databaseAway.get() ? "around the outage: " : "") + e.getMessage());
                  }
                }
                return null;
            }));
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> signedIn.get() >= 4);
            Mail.awaitSubject(greenMail, before, "Your username");

            // Before the stop: one person signed in, another with the sign-in page open.
            Browser kept = browser();
            assertThat(kept.signIn(names.get(0), PASSWORD).location()).endsWith("/account");
            Browser visitor = browser();
            assertThat(visitor.get("/login").status()).isEqualTo(200);

            int logBefore = output.getAll().length();
            databaseAway.set(true);
            OwnPostgres.stop();
            // While it is down: a plain 503 page (never a 500, never "wrong password"), and health says DOWN.
            for (Browser.Page page : List.of(kept.get("/account"), visitor.post("/login", Map.of("username", names.get(1), "password", PASSWORD)))) {
                assertThat(page.status()).as(page.body()).isEqualTo(503);
                assertThat(page.header("Retry-After")).isPresent();
                assertThat(page.body()).contains("temporarily unavailable").doesNotContain("Exception").doesNotContain("jdbc:");
            }
            Browser.Page fresh = browser().get("/login");
            assertThat(fresh.status()).as(fresh.body()).isIn(200, 503);
            Browser.Page health = browser().get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"");
            int duringOutage = signedIn.get();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> statuses.contains(503));

            OwnPostgres.start();
            String after = enqueueWhenUp("after");
            // The pool recovers by itself: health back UP, and the load signs in again.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> browser().get("/actuator/health").status() == 200);
            databaseAway.set(false);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> signedIn.get() >= duringOutage + 4);
            Mail.awaitSubject(greenMail, after, "Your username");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().substring(logBefore).contains("The database is back after"));
            // What the operator read: a line when it went, a line when it came back, no pages of stack traces.
            String log = output.getAll().substring(logBefore);
            assertThat(log).contains("The database is unavailable, pages answer 503 until it is back");
            assertThat(log.lines().filter(l -> l.startsWith("\tat ")).limit(40).toList()).as(log.length() > 20000 ? log.substring(0, 20000) : log).isEmpty();
            assertThat(log).doesNotContain("Commit exception overridden", "DataSource health check failed", "Servlet.service()", "pass failed");
        } finally {
            stop.set(true);
            load.shutdown();
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(fiveHundreds).as("answers of 500 or above other than 503").isEmpty();
        assertThat(cutOff).as("responses cut off instead of a whole page").isEmpty();
        assertThat(statuses).contains(503);
        assertThat(Mail.to(greenMail, before)).hasSize(1);
        // Every email of the run went out once, none is left behind.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'").query(Long.class).single()).isZero();
    }

    private static void record(Browser.Page page, String what, Set<Integer> statuses, ConcurrentLinkedQueue<String> fiveHundreds) {
        statuses.add(page.status());
        if (page.status() >= 500 && page.status() != 503) {
            fiveHundreds.add(what + " " + page.status());
        }
    }

    private String enqueue(String which) {
        String to = unique(which) + "@example.com";
        tx.executeWithoutResult(status -> outbox.enqueue(new OutgoingMail(null, to, "username-reminder", "en",
                Map.of("usernames", which, "count", "1", "supportUrl", "http://s", "loginUrl", "http://l"))));
        return to;
    }

    /** Enqueues as soon as the database answers again (the pool may still hand out a connection from before). */
    private String enqueueWhenUp(String which) {
        String[] to = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            to[0] = enqueue(which);
            return true;
        });
        return to[0];
    }
}
