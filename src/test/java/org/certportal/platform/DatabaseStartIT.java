package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certportal.testing.FreePorts.freePort;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.certportal.CertportalApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 17, faults: PostgreSQL unreachable when the portal starts. The portal is started on a
 * datasource URL whose port has nothing behind it. It runs in the PostgreSQL execution only (it
 * starts a PostgreSQL server of its own for the second case, and needs no other database).
 */
@EnabledIfSystemProperty(named = "certportal.test.db", matches = "postgres")
@ExtendWith(OutputCaptureExtension.class)
class DatabaseStartIT {

    /**
     * A failed start makes Spring Boot clean its logging system up, and that removes the bridge from
     * java.util.logging to SLF4J for the whole JVM: Tomcat's own ERROR lines (an uncaught exception in a request)
     * then went to JUL's console handler for every later test class sharing this JVM (AsvsEvidenceIT failed on
     * it in the full run). Put the bridge back, as a running portal has it.
     */
    @org.junit.jupiter.api.AfterAll
    static void restoreTheLoggingBridge() {
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    @Test
    void aDatabaseThatNeverAnswersStopsTheStartWithOneParagraphAndNoStackTrace(CapturedOutput output) {
        int port = freePort();
        long started = System.nanoTime();
        assertThatThrownBy(() -> start(port, "PT2S").close()).hasStackTraceContaining("unreachable after");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        // The paragraph: which URL, why, what to check, for how long it tries.
        assertThat(output.getAll()).contains("Cannot reach the database at " + url + " (ConnectException: Connection refused)")
                .contains("Check that the database server is running and accepts connections on that host and port")
                .contains("Trying again for up to 2 s (certportal.database.startup-wait)");
        // Then Spring Boot's failure report with the same paragraph and what to do, and nothing else.
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("Tried for 2 s.")
                .contains("Start the database server or correct spring.datasource.url")
                .doesNotContain("\tat ").doesNotContain("HikariPool").doesNotContain("FlywayException");
        // Retried with a growing pause (0.2 s, 0.4 s, 0.8 s...) for the time configured, and not much longer.
        assertThat(output.getAll()).contains("next try in 400 ms").contains("next try in 800 ms");
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    @Test
    void aPortalStartedBeforeItsDatabaseWaitsAndStartsWhenTheDatabaseAppears(CapturedOutput output) throws Exception {
        int port = freePort();
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "pg-late-").toAbsolutePath();
        CompletableFuture<EmbeddedPostgres> late = CompletableFuture.supplyAsync(() -> {
            // The database comes up only once the portal has said it is waiting for it.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> output.getAll().contains("Cannot reach the database"));
            try {
                return EmbeddedPostgres.builder().setDataDirectory(data).setPort(port).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (ConfigurableApplicationContext portal = start(port, "PT120S")) {
            assertThat(portal.isRunning()).isTrue();
            assertThat(output.getAll()).contains("answers after").doesNotContain("\tat ").doesNotContain("APPLICATION FAILED TO START");
        } finally {
            late.get(120, TimeUnit.SECONDS).close();
        }
    }

    private static ConfigurableApplicationContext start(int port, String wait) throws IOException {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "start-").toAbsolutePath();
        return new SpringApplicationBuilder(CertportalApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--certportal.data-dir=" + dataDir,
                "--certportal.database.startup-wait=" + wait,
                "--certportal.database.startup-retry-first=PT0.2S",
                "--certportal.database.startup-retry-max=PT2S",
                "--certportal.password.argon2.memory-kib=7168",
                "--certportal.password.argon2.iterations=1",
                "--logging.level.root=warn",
                "--logging.level.org.certportal.platform=info");
    }
}
