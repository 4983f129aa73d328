package org.certportal.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 default ({@code jdbc:h2:file:...} in the data directory), locked down:
 * <ul>
 * <li>its files are private to the portal's user ({@link DataDirectory});</li>
 * <li>it has a password, generated once into {@code <data-dir>/keys/db.password} (0600, beside the
 * master key) and read by the portal and by the administration commands alike. A database created
 * by an older version with user {@code sa} and an empty password gets that password on the first
 * start of this version ({@code ALTER USER ... SET PASSWORD}), so existing installations keep
 * working;</li>
 * <li>{@code AUTO_SERVER} (which lets the administration commands open the database while the portal
 * has it) listens on 127.0.0.1 only: by default H2 binds it to every interface.</li>
 * </ul>
 * A password the operator configures ({@code spring.datasource.password}) is used as it is, and
 * PostgreSQL or any other URL is left alone.
 */
public final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String PASSWORD_FILE = "db.password";
    /** H2's system property for the address its TCP servers (AUTO_SERVER's included) listen on. */
    static final String H2_BIND_ADDRESS = "h2.bindAddress";

    private EmbeddedDatabase() {
    }

    /** Whether {@code url} is an embedded H2 database in files, the only kind this class touches. */
    public static boolean isEmbeddedFile(String url) {
        return url != null && url.regionMatches(true, 0, "jdbc:h2:file:", 0, "jdbc:h2:file:".length());
    }

    static boolean usesAutoServer(String url) {
        return url.toUpperCase(Locale.ROOT).replace(" ", "").contains(";AUTO_SERVER=TRUE");
    }

    /** {@code <path>.mv.db} of a {@code jdbc:h2:file:<path>;...} URL. */
    static Path databaseFile(String url) {
        String rest = url.substring("jdbc:h2:file:".length());
        int semicolon = rest.indexOf(';');
        String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path + ".mv.db");
    }

    /**
     * Makes the data directory and the database's directory private and returns the password to open
     * the database with: {@code configured} when the operator set one, else the generated one (created
     * and, for an existing database, moved to on first use).
     */
    public static String prepare(String url, String username, String configured, Path dataDir) {
        DataDirectory.secure(dataDir);
        Path database = databaseFile(url);
        try {
            DataDirectory.createPrivateDirectory(database.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database directory for " + database, e);
        }
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        Path file = dataDir.resolve("keys").resolve(PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            boolean existing = Files.exists(database);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
            try {
                DataDirectory.writeNewSecret(file, password + "\n");
            } catch (FileAlreadyExistsException raced) {
                return read(file); // the portal and an administration command started together: theirs wins
            }
            if (existing) {
                try {
                    moveFromEmptyPassword(url, username, password);
                } catch (RuntimeException e) {
                    Files.deleteIfExists(file); // nothing changed in the database: the next start tries again
                    throw e;
                }
                log.info("The embedded database {} now has a generated password, kept in {}", database, file);
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the embedded database's password in " + file, e);
        }
    }

    /**
     * Makes H2's TCP servers listen on 127.0.0.1 unless the operator chose an address with
     * {@code -Dh2.bindAddress}. H2 reads the property once, when its settings class loads, so it must
     * be set before the first connection; if H2 was loaded earlier without it, the start stops rather
     * than open the database to the network.
     */
    public static void bindServersToLoopback() {
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
        String effective = org.h2.engine.SysProperties.BIND_ADDRESS;
        if (effective == null || effective.isEmpty()) {
            throw new IllegalStateException("H2 was loaded before its AUTO_SERVER could be bound to the loopback address; "
                    + "start the JVM with -Dh2.bindAddress=127.0.0.1");
        }
    }

    private static void moveFromEmptyPassword(String url, String username, String password) {
        String user = username == null || username.isEmpty() ? "sa" : username;
        if (!user.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalStateException("Cannot give the embedded database a password: unexpected user name '" + user
                    + "'; set spring.datasource.password");
        }
        try (Connection c = DriverManager.getConnection(url, user, "");
                PreparedStatement s = c.prepareStatement("ALTER USER " + user + " SET PASSWORD ?")) {
            s.setString(1, password);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded database " + databaseFile(url) + " exists but does not open with the empty password "
                    + "of older versions, and " + PASSWORD_FILE + " is missing from the data directory's keys/: set spring.datasource.password ("
                    + e.getMessage() + ")", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String read(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty: delete it only together with the database, or write the database's password into it");
        }
        return password;
    }
}
