package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.certportal.testing.RawHttp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 default as shipped, locked down: private files, a generated password, a loopback-only AUTO_SERVER. */
class EmbeddedDatabaseTest {

    @TempDir
    Path tmp;
    Path dataDir;
    String url;

    @BeforeEach
    void shippedUrl() throws Exception {
        dataDir = tmp.resolve("data");
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        url = shipped.getProperty("spring.datasource.url").replace("${certportal.data-dir}", dataDir.toString());
        assertThat(shipped.getProperty("spring.datasource.password")).as("the shipped password is empty: generated").isEmpty();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void assumePosix() {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
    }

    @Test
    void whatAnOlderVersionLeftWorldReadableBecomesPrivate() throws Exception {
        assumePosix();
        Path db = Files.createDirectories(dataDir.resolve("db"));
        Path keys = Files.createDirectories(dataDir.resolve("keys"));
        Path dbFile = Files.writeString(db.resolve("certportal.mv.db"), "x");
        Path key = Files.writeString(keys.resolve("master.key"), "k");
        for (Path p : new Path[] {dataDir, db, keys}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(dbFile, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

        DataDirectory.secure(dataDir);

        for (Path dir : new Path[] {dataDir, db, keys}) {
            assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
        }
        assertThat(mode(dbFile)).isEqualTo("rw-------");
        assertThat(mode(key)).isEqualTo("rw-------");
    }

    @Test
    void onlyThePortalsOwnFilesAreTouchedIfTheDataDirectoryIsASharedPlace() throws Exception {
        assumePosix();
        Path someoneElses = Files.writeString(Files.createDirectories(dataDir).resolve("notes.txt"), "x");
        Files.setPosixFilePermissions(someoneElses, PosixFilePermissions.fromString("rw-r--r--"));
        DataDirectory.secure(dataDir);
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(someoneElses)).isEqualTo("rw-r--r--");
    }

    @Test
    void aNewDataDirectoryAndItsSecretsArePrivateFromTheStart() throws Exception {
        assumePosix();
        String password = EmbeddedDatabase.prepare(url, "sa", "", dataDir);
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("db"))).isEqualTo("rwx------");
        Path file = dataDir.resolve("keys").resolve("db.password");
        assertThat(mode(dataDir.resolve("keys"))).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).isEqualTo(password);
    }

    @Test
    void aNewEmbeddedDatabaseHasTheGeneratedPasswordAndRefusesAnEmptyOne() throws Exception {
        String password = EmbeddedDatabase.prepare(url, "sa", "", dataDir);
        assertThat(password).hasSizeGreaterThanOrEqualTo(43); // 256 random bits, base64url
        try (Connection c = DriverManager.getConnection(url, "sa", password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (v INT)");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
        // the portal and the administration commands both read the same file
        assertThat(EmbeddedDatabase.prepare(url, "sa", null, dataDir)).isEqualTo(password);
    }

    @Test
    void aDatabaseCreatedWithTheOldEmptyPasswordMovesToTheGeneratedOneAndKeepsItsData() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE account_probe (name VARCHAR(20))");
            s.execute("INSERT INTO account_probe VALUES ('kept')");
        }
        String password = EmbeddedDatabase.prepare(url, "sa", "", dataDir);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class);
        try (Connection c = DriverManager.getConnection(url, "sa", password); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT name FROM account_probe")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void aPasswordTheOperatorConfiguredIsUsedAsItIs() {
        assertThat(EmbeddedDatabase.prepare(url, "sa", "operator's own", dataDir)).isEqualTo("operator's own");
        assertThat(dataDir.resolve("keys").resolve("db.password")).doesNotExist();
        assertThat(EmbeddedDatabase.isEmbeddedFile("jdbc:postgresql://db:5432/certportal")).isFalse();
        assertThat(EmbeddedDatabase.isEmbeddedFile("jdbc:h2:mem:x")).isFalse();
    }

    /**
     * H2 reads its bind address once per JVM, so the auto server is opened by a JVM of its own that
     * sets it up as the portal does ({@link AutoServerProbe}); this one then knocks on both addresses.
     */
    @Test
    void theAutoServerListensOnLoopbackOnly() throws Exception {
        InetAddress other = RawHttp.nonLoopbackAddress().orElse(null);
        Assumptions.assumeTrue(other != null, "this machine has no non-loopback IPv4 address to knock from");
        String password = EmbeddedDatabase.prepare(url, "sa", "", dataDir);
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), AutoServerProbe.class.getName(), url, password).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("server=")) {
                line = out.readLine(); // anything a logger printed first
            }
            assertThat(line).as("probe output").isNotNull().startsWith("server=");
            String server = line.substring("server=".length());
            String host = server.substring(0, server.lastIndexOf(':'));
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            assertThat(InetAddress.getByName(host).isLoopbackAddress()).as("the address the administration commands are told to use: " + host).isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            }
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other, port), 5000);
                }
            }).isInstanceOf(ConnectException.class);
        } finally {
            probe.getOutputStream().close(); // the probe exits when its stdin closes
            if (!probe.waitFor(20, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
            }
        }
    }
}
