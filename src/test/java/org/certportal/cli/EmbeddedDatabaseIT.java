package org.certportal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.certportal.CertportalApplication;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default as an operator upgrading an existing installation meets it: a database that an
 * older version created with user sa and an empty password, world-readable files, then this version's
 * portal, and an administration command run against the same database while the portal has it open.
 * The database is the embedded H2 one by definition, in both failsafe runs.
 */
class EmbeddedDatabaseIT {

    private static final String PASSWORD = IntegrationTest.PASSWORD;

    @TempDir
    Path tmp;

    private String shippedUrl(Path dataDir) throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        return shipped.getProperty("spring.datasource.url").replace("${certportal.data-dir}", dataDir.toString());
    }

    private static List<String> common(Path dataDir) {
        return List.of("--certportal.data-dir=" + dataDir, "--certportal.password.argon2.memory-kib=7168", "--certportal.password.argon2.iterations=1",
                "--logging.level.root=warn");
    }

    @Test
    void anOldInstallMovesToAGeneratedPasswordAndThePortalAndTheCommandsShareIt() throws Exception {
        Path dataDir = tmp.resolve("data");
        String url = shippedUrl(dataDir);
        // What an older version left: sa with an empty password, files readable by everyone.
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("SELECT 1");
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            try (Stream<Path> all = Files.walk(dataDir)) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }

        List<String> portalArgs = new java.util.ArrayList<>(common(dataDir));
        portalArgs.add("--server.port=0");
        try (ConfigurableApplicationContext portal = SpringApplication.run(CertportalApplication.class, portalArgs.toArray(String[]::new))) {
            int port = ((ServletWebServerApplicationContext) portal).getWebServer().getPort();

            String password = Files.readString(dataDir.resolve("keys").resolve("db.password")).trim();
            assertThat(password).hasSizeGreaterThanOrEqualTo(43);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class);

            // The administration command opens the same database while the portal holds it (AUTO_SERVER on loopback).
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new java.util.ArrayList<>(List.of("user", "add", "--username=embedded1", "--email=embedded1@example.com", "--password-stdin"));
            args.addAll(common(dataDir));
            int exit = CommandLineEntry.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), () -> PASSWORD);
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();

            Browser b = new Browser("http://localhost:" + port);
            assertThat(b.signIn("embedded1", PASSWORD).location()).endsWith("/account");

            if (posix) {
                try (Stream<Path> all = Files.walk(dataDir)) {
                    for (Path p : all.toList()) {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                                .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                    }
                }
            }
        }
    }
}
