package org.certportal.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points each test application context at the database of the run: an in-memory H2 database of
 * its own, or (with -Dcertportal.test.db=postgres) a real PostgreSQL server started once per JVM
 * from zonky's embedded binaries, each context in a database of its own.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedPostgres postgres;

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("certportal.test.db", "h2"));
    }

    /** A fresh database; its JDBC URL. */
    public static synchronized String newDatabaseUrl() {
        String name = "certportal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (!isPostgres()) {
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        }
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away anyway
                    }
                }));
            }
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL server", e);
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String username() {
        return isPostgres() ? "postgres" : "sa";
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir;
        try {
            // Under target/, so that each context's master key goes away with `mvn clean` instead of
            // piling up in /tmp.
            Path parent = Files.createDirectories(Path.of("target", "test-data"));
            dataDir = Files.createTempDirectory(parent, "context-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        TestPropertyValues.of(
                // A port chosen here, so that the links in emails point at this very server.
                "server.port=" + port,
                "certportal.base-url=http://localhost:" + port,
                "spring.datasource.url=" + newDatabaseUrl(),
                "spring.datasource.username=" + username(),
                "spring.datasource.password=",
                "certportal.data-dir=" + dataDir).applyTo(context);
    }
}
