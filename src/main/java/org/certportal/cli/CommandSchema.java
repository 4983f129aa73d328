package org.certportal.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Brings the database to the newest bundled migration before a command uses it, without starting
 * Flyway when there is nothing to do. Starting Flyway (its configuration, plugins and the Jackson it
 * reads them with: about 1,300 classes) was a fifth of every command's time, although a command
 * nearly always runs against a database the portal has already migrated.
 *
 * <p>The schema counts as current only when every {@code V*.sql} of the migration locations is in
 * {@code flyway_schema_history} as a successful SQL migration, and the history holds nothing else (no
 * failed, newer, repeatable, baseline or undo row). Anything else, an unreadable history, a location
 * that is not on the classpath, or any other {@code spring.flyway.*} setting (its own URL, schemas,
 * table, baseline...), runs Flyway exactly as the portal does: Spring Boot's Flyway auto-configuration
 * with the same environment, on the command's own datasource. Checksums are not compared here: an
 * edited migration is still refused by Flyway's validation when the portal starts.
 */
final class CommandSchema implements BeanPostProcessor {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^/]*\\.sql");
    /** Rows Flyway writes about itself, not migrations. */
    private static final Set<String> BOOKKEEPING = Set.of("TABLE", "SCHEMA");

    /** How often a command ran Flyway in this JVM: the integration tests tell both paths apart by it. */
    static final AtomicInteger FLYWAY_RUNS = new AtomicInteger();

    private final ConfigurableEnvironment environment;

    CommandSchema(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !"false".equalsIgnoreCase(environment.getProperty("spring.flyway.enabled"))
                && !isCurrent(dataSource, environment)) {
            migrate(dataSource);
        }
        return bean;
    }

    /** Spring Boot's own Flyway set-up, in a context of its own that borrows the command's datasource. */
    private void migrate(DataSource dataSource) {
        FLYWAY_RUNS.incrementAndGet();
        try (AnnotationConfigApplicationContext flyway = new AnnotationConfigApplicationContext()) {
            flyway.setEnvironment(environment);
            flyway.getBeanFactory().registerSingleton("dataSource", dataSource);
            flyway.register(Migration.class);
            flyway.refresh();
        }
    }

    @ImportAutoConfiguration(FlywayAutoConfiguration.class)
    static class Migration {
    }

    static boolean isCurrent(DataSource dataSource, ConfigurableEnvironment environment) {
        if (flywayCustomised(environment)) {
            return false;
        }
        Set<String> bundled = bundledVersions(environment.getProperty("spring.flyway.locations", "classpath:db/migration"));
        if (bundled == null || bundled.isEmpty()) {
            return false;
        }
        Set<String> applied = new TreeSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT \"version\", \"type\", \"success\" FROM \"flyway_schema_history\"")) {
            while (rows.next()) {
                String version = rows.getString(1);
                String type = rows.getString(2);
                boolean success = rows.getBoolean(3);
                if (BOOKKEEPING.contains(type) && success) {
                    continue;
                }
                if (!"SQL".equals(type) || !success || version == null) {
                    return false;
                }
                applied.add(normalise(version));
            }
        } catch (SQLException | RuntimeException noHistory) {
            // No history table yet (a new database), or one this check does not understand: Flyway decides.
            return false;
        }
        return applied.equals(bundled);
    }

    /** Any Flyway setting besides the shipped locations may change what "current" means: leave it to Flyway. */
    private static boolean flywayCustomised(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> names)) {
                if (source.getName().startsWith("configurationProperties") || source.getName().equals("random")) {
                    continue;
                }
                return true;
            }
            for (String name : names.getPropertyNames()) {
                String key = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.').replace("-", "");
                if (key.startsWith("spring.flyway.") && !key.equals("spring.flyway.locations") && !key.equals("spring.flyway.enabled")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The versions of the {@code V*.sql} files under the locations, or null when a location or file is not understood. */
    static Set<String> bundledVersions(String locations) {
        Set<String> versions = new TreeSet<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(CommandSchema.class.getClassLoader());
        for (String location : locations.split(",")) {
            String l = location.trim();
            if (!l.startsWith("classpath:") || l.contains("*") || l.contains("{")) {
                return null;
            }
            String path = l.substring("classpath:".length()).replaceAll("^/+|/+$", "");
            try {
                for (Resource r : resolver.getResources("classpath*:" + path + "/**/*")) {
                    String name = r.getFilename();
                    if (name == null || name.isEmpty() || !r.isReadable()) {
                        continue; // a directory
                    }
                    Matcher m = VERSIONED.matcher(name);
                    if (!m.matches()) {
                        return null; // a repeatable migration, a callback script, anything Flyway might act on
                    }
                    versions.add(normalise(m.group(1)));
                }
            } catch (IOException e) {
                return null;
            }
        }
        return versions;
    }

    /** As Flyway compares versions: numeric parts split on '.' or '_', trailing zeros insignificant (1.0 = 1, 01 = 1). */
    static String normalise(String version) {
        List<BigInteger> parts = new ArrayList<>();
        for (String p : version.split("[._]")) {
            parts.add(new BigInteger(p));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return String.join(".", parts.stream().map(BigInteger::toString).toList());
    }
}
