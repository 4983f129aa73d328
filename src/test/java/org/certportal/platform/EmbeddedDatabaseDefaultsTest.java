package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 default as shipped in application.properties, opened the way the portal opens it. */
class EmbeddedDatabaseDefaultsTest {

    @TempDir
    Path dataDir;

    private String defaultUrl() throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        return shipped.getProperty("spring.datasource.url").replace("${certportal.data-dir}", dataDir.toString());
    }

    private static String setting(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void keepsMoreParsedStatementsPerConnectionThanOneSignInRuns() throws Exception {
        // H2's default of 8 is below the ~15 different statements of one sign-in, so each one was
        // parsed again on every request.
        String url = defaultUrl();
        try (Connection c = DriverManager.getConnection(url, "sa", EmbeddedDatabase.prepare(url, "sa", "", dataDir))) {
            assertThat(Integer.parseInt(setting(c, "QUERY_CACHE_SIZE"))).isGreaterThanOrEqualTo(32);
        }
    }
}
