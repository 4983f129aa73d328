package org.certportal.platform;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The other end of an outage: while {@link DatabaseOutage} says the database is down, tries a
 * connection every two seconds, and says "back" when one answers. A request that succeeds proves
 * nothing (most pages of an anonymous visitor need no database), so the watch asks the pool itself.
 * It also puts {@link OutageLogFilter} in place once the portal has started: a database that is away
 * at start is {@link DatabaseStartWait}'s, with its own messages.
 */
@Component
class DatabaseOutageWatch {

    private final DataSource dataSource;

    DatabaseOutageWatch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener(ApplicationReadyEvent.class)
    void quietenTheFrameworkDuringOutages() {
        OutageLogFilter.install();
    }

    @Scheduled(fixedDelayString = "PT2S", initialDelayString = "PT2S")
    void checkWhileDown() {
        if (!DatabaseOutage.isDown()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                DatabaseOutage.back();
            }
        } catch (SQLException | RuntimeException stillAway) {
            // the next check will tell; the outage was said once already
        }
    }
}
