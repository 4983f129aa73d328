package org.certportal.platform;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells Hikari to throw away a connection whose failure says the database is away
 * ({@link DatabaseOutage}), so that the pool opens fresh ones once it is back. Hikari does that by
 * itself for SQL states 08xxx (PostgreSQL), but not for the embedded H2 database: after a write
 * failed (a full disk) H2 closes the database and answers every statement on the old connections
 * with "The database has been closed" (90098), and the pool kept handing those out for ever, so
 * the portal answered 503 long after the disk had space again (DiskFullIT). A new connection opens
 * the database again from its file. Set by {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class EvictOnOutage implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return DatabaseOutage.causedBy(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
