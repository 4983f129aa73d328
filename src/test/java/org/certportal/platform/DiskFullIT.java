package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.certportal.testing.Browser;
import org.certportal.testing.FullDisk;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Issue 17, faults: the disk of the embedded H2 database fills up. The database's files go through
 * {@link FullDisk}, an H2 file system whose writes fail with "No space left on device" (half written
 * first) while the test says the disk is full: no mount, no root, and H2 sees the very error a full
 * file system gives. H2 execution only: PostgreSQL's disk is the database server's business, and
 * the portal sees it as an unavailable server (PostgresRestartIT).
 */
@EnabledIfSystemProperty(named = "certportal.test.db", matches = "h2")
@ContextConfiguration(initializers = DiskFullIT.OnFullDisk.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DiskFullIT extends IntegrationTest {

    /** The context's database in files on the fillable disk, under target/. */
    static class OnFullDisk implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        static Path dir;

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            FullDisk.install();
            try {
                dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "full-disk-").toAbsolutePath();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, Object> own = Map.of("spring.datasource.url", "jdbc:h2:fulldisk:" + dir + "/db/certportal;QUERY_CACHE_SIZE=64",
                    "spring.datasource.username", "sa");
            // After every initializer: TestDatabase (the base class's) sets an in-memory database.
            context.addBeanFactoryPostProcessor(beanFactory -> context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("full-disk", own)));
        }
    }

    @Test
    void aFullDiskAnswers503WithAClearLogLineAndOnceThereIsSpaceAgainTheDatabaseOpensWithItsDataIntact(CapturedOutput output) {
        assertThat(OnFullDisk.dir.resolve("db/certportal.mv.db")).as("the database is in files, not in memory").exists();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(unique("disk"));
            createUser(names.get(i));
        }
        Browser before = browser();
        assertThat(before.signIn(names.get(0), PASSWORD).location()).endsWith("/account");
        // Written to the file before the disk fills (H2 writes committed changes within a second by itself).
        jdbc.sql("CHECKPOINT").update();
        long accounts = jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();

        List<Integer> statuses = new ArrayList<>();
        FullDisk.fill();
        try {
            // Sign-ins write (session, audit, last sign-in): once H2 fails to write, every answer is the 503 page.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                Browser b = browser();
                Browser.Page login = b.get("/login");
                statuses.add(login.status());
                Browser.Page answer = login.status() == 200 ? b.post("/login", Map.of("username", names.get(1), "password", PASSWORD)) : login;
                statuses.add(answer.status());
                if (answer.status() == 503) {
                    assertThat(answer.body()).contains("temporarily unavailable").doesNotContain("Exception").doesNotContain("No space");
                    assertThat(answer.header("Retry-After")).isPresent();
                    return true;
                }
                return false;
            });
            assertThat(statuses).as("never a 500 while the disk is full").allMatch(s -> s < 500 || s == 503);
            assertThat(output.getAll()).contains("The database is unavailable, pages answer 503 until it is back")
                    .contains("No space left on device").contains("its disk has free space");
        } finally {
            FullDisk.free();
        }

        // Space again: the portal serves again by itself, on the same files, with what was committed before.
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> browser().signIn(names.get(1), PASSWORD).location().endsWith("/account"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single()).isGreaterThanOrEqualTo(accounts);
        for (String name : names) {
            assertThat(browser().signIn(name, PASSWORD).location()).as(name).endsWith("/account");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE username IN (?, ?, ?)").params(names.toArray()).query(Long.class).single())
                .isEqualTo(3);
    }
}
