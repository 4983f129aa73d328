package org.certportal.platform;

import java.nio.file.Path;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Applies {@link EmbeddedDatabase} to the datasource settings before the pool opens its first
 * connection, in the portal and in the administration commands alike (both build this context).
 * It works on the bound {@link DataSourceProperties}, which already hold the final URL whatever
 * source it came from (file, argument, environment, a test's initializer).
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedDatabaseConfig {

    private static Path dataDir(Environment environment) {
        return Path.of(environment.getProperty("certportal.data-dir", "./data"));
    }

    /** Static, so that it exists before the datasource settings are created. */
    @Bean
    static BeanPostProcessor embeddedDatabasePassword(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSourceProperties properties && EmbeddedDatabase.isEmbeddedFile(properties.getUrl())) {
                    if (EmbeddedDatabase.usesAutoServer(properties.getUrl())) {
                        EmbeddedDatabase.bindServersToLoopback();
                    }
                    properties.setPassword(EmbeddedDatabase.prepare(properties.getUrl(), properties.getUsername(), properties.getPassword(),
                            dataDir(environment)));
                }
                return bean;
            }
        };
    }

    /**
     * H2 creates the database, its lock file (which holds the AUTO_SERVER connection key) and trace
     * files after the start began, with the umask's mode: inside a 0700 directory nobody else reaches
     * them, and this sets them to 0600 as well.
     */
    @EventListener(ApplicationReadyEvent.class)
    void tightenWhatTheDatabaseCreated(ApplicationReadyEvent event) {
        DataDirectory.secure(dataDir(event.getApplicationContext().getEnvironment()));
    }
}
