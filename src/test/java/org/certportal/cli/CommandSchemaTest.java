package org.certportal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** When a command may leave Flyway out: only when every bundled migration, and nothing else, is in the history. */
class CommandSchemaTest {

    private static JdbcDataSource database(String... rows) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:schema" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        if (rows.length > 0) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE \"flyway_schema_history\" (\"installed_rank\" INT, \"version\" VARCHAR(50), \"type\" VARCHAR(20), \"success\" BOOLEAN)");
                int rank = 0;
                for (String row : rows) {
                    String[] f = row.split(" ");
                    s.execute("INSERT INTO \"flyway_schema_history\" VALUES (" + rank++ + ", " + ("null".equals(f[0]) ? "NULL" : "'" + f[0] + "'") + ", '" + f[1]
                            + "', " + f[2] + ")");
                }
            }
        }
        return ds;
    }

    /** The history of a database migrated to every bundled version, plus the given rows. */
    private static String[] current(String... more) throws Exception {
        java.util.List<String> rows = new java.util.ArrayList<>(java.util.List.of("null TABLE true"));
        for (var script : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/V*.sql")) {
            rows.add(script.getFilename().substring(1, script.getFilename().indexOf("__")) + " SQL true");
        }
        rows.addAll(java.util.List.of(more));
        return rows.toArray(String[]::new);
    }

    @Test
    void versionsCompareAsFlywayComparesThem() {
        assertThat(CommandSchema.normalise("1_1")).isEqualTo("1.1");
        assertThat(CommandSchema.normalise("01")).isEqualTo("1");
        assertThat(CommandSchema.normalise("2.0.0")).isEqualTo("2");
        assertThat(CommandSchema.normalise("10")).isEqualTo("10");
    }

    @Test
    void theBundledVersionsAreTheVersionedScriptsAndAnythingElseLeavesItToFlyway() {
        Set<String> bundled = CommandSchema.bundledVersions("classpath:db/migration");
        assertThat(bundled).contains("1", "15").doesNotContain("0");
        assertThat(CommandSchema.bundledVersions("filesystem:/srv/migrations")).isNull();
        assertThat(CommandSchema.bundledVersions("classpath:db/migration,classpath:db/*")).isNull();
        // Not a V*.sql script (here: class files): Flyway might act on it, so it decides.
        assertThat(CommandSchema.bundledVersions("classpath:org/certportal/cli")).isNull();
    }

    @Test
    void aDatabaseAtTheNewestBundledMigrationIsCurrent() throws Exception {
        assertThat(CommandSchema.isCurrent(database(current()), new StandardEnvironment())).isTrue();
    }

    @Test
    void aNewDatabaseABehindOneAFailedOrAForeignMigrationRunFlyway() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        assertThat(CommandSchema.isCurrent(database(), env)).as("no history table").isFalse();
        assertThat(CommandSchema.isCurrent(database("null TABLE true", "1 SQL true"), env)).as("behind").isFalse();
        assertThat(CommandSchema.isCurrent(database(current("999 SQL false")), env)).as("a failed migration").isFalse();
        assertThat(CommandSchema.isCurrent(database(current("999 SQL true")), env)).as("a newer version than this jar's").isFalse();
        assertThat(CommandSchema.isCurrent(database(current("null SQL true")), env)).as("a repeatable migration").isFalse();
        assertThat(CommandSchema.isCurrent(database(current("1 BASELINE true")), env)).as("a baseline").isFalse();
    }

    @Test
    void anyOtherFlywaySettingLeavesItToFlyway() throws Exception {
        JdbcDataSource ds = database(current());
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("args",
                java.util.Map.of("spring.flyway.locations", "classpath:db/migration", "spring.flyway.enabled", "true")));
        assertThat(CommandSchema.isCurrent(ds, env)).isTrue();
        env.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("more", java.util.Map.of("spring.flyway.table", "history")));
        assertThat(CommandSchema.isCurrent(ds, env)).isFalse();
        StandardEnvironment fromEnvironment = new StandardEnvironment();
        fromEnvironment.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource("env",
                java.util.Map.of("SPRING_FLYWAY_BASELINE_ON_MIGRATE", "true")));
        assertThat(CommandSchema.isCurrent(ds, fromEnvironment)).isFalse();
    }
}
