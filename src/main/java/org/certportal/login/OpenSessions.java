package org.certportal.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * The signed-in sessions of one account, as the account page lists them (those still waiting for the
 * second step after a right password too), and ending them. Each is
 * named by its handle (see {@link SessionDetails}); the lookup always goes through the owner's own
 * sessions, so a handle of someone else's session ends nothing.
 *
 * <p>The page shows the {@value #SHOWN} most recently seen (this browser's always among them) and counts
 * the rest: an account signed in from a script or a load test can hold hundreds, and reading each of
 * them made every view of /account slower by their number (68 ms instead of 19 ms at 200 sessions,
 * measured). Of the shown ones only the five attributes the page shows are read.
 */
@Service
class OpenSessions {

    /** One session as its owner sees it. */
    record OpenSession(String handle, Instant signedInAt, Instant lastSeen, String address, String browser, boolean current, boolean waiting) {
    }

    /** The sessions the page shows, and how many more the account has. */
    record Listing(List<OpenSession> shown, int more) {
    }

    static final int SHOWN = 10;

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final JdbcClient jdbc;

    OpenSessions(FindByIndexNameSessionRepository<? extends Session> sessions, JdbcClient jdbc) {
        this.sessions = sessions;
        this.jdbc = jdbc;
    }

    Listing of(String username, String currentSessionId) {
        // The live sessions' rows, newest first, without attributes; this browser's goes first.
        List<Row> live = new ArrayList<>(liveSessions(username));
        for (int i = 0; i < live.size(); i++) {
            if (live.get(i).sessionId().equals(currentSessionId)) {
                live.add(0, live.remove(i));
                break;
            }
        }
        List<Row> shown = live.subList(0, Math.min(SHOWN, live.size()));
        // Then the five attributes the page shows, of the shown sessions only, in one query: reading each
        // session whole (a query and every attribute deserialized, the security context among them) was
        // 12% of the request threads' CPU under sign-in load, by JFR.
        Map<String, Map<String, Object>> details = details(shown);
        List<OpenSession> list = new ArrayList<>();
        for (Row row : shown) {
            Map<String, Object> d = details.getOrDefault(row.primaryId(), Map.of());
            Object signedIn = d.get(SessionDetails.SIGNED_IN_AT);
            list.add(new OpenSession((String) d.get(SessionDetails.HANDLE),
                    signedIn instanceof String text ? Instant.parse(text) : Instant.ofEpochMilli(row.created()), Instant.ofEpochMilli(row.lastAccess()),
                    (String) d.get(SessionDetails.ADDRESS), (String) d.get(SessionDetails.BROWSER), row.sessionId().equals(currentSessionId),
                    Boolean.TRUE.equals(d.get(SessionDetails.WAITING))));
        }
        list.sort(Comparator.comparing(OpenSession::current).reversed().thenComparing(OpenSession::lastSeen, Comparator.reverseOrder()));
        return new Listing(list, live.size() - shown.size());
    }

    private record Row(String primaryId, String sessionId, long created, long lastAccess) {
    }

    private static final List<String> SHOWN_ATTRIBUTES = List.of(SessionDetails.SIGNED_IN_AT, SessionDetails.HANDLE, SessionDetails.ADDRESS,
            SessionDetails.BROWSER, SessionDetails.WAITING);

    /** Session primary id to attribute name to value, as Spring Session stores them (Java serialization). */
    private Map<String, Map<String, Object>> details(List<Row> rows) {
        Map<String, Map<String, Object>> details = new HashMap<>();
        if (rows.isEmpty()) {
            return details;
        }
        String sessionMarks = String.join(", ", java.util.Collections.nCopies(rows.size(), "?"));
        String nameMarks = String.join(", ", java.util.Collections.nCopies(SHOWN_ATTRIBUTES.size(), "?"));
        List<Object> params = new ArrayList<>();
        rows.forEach(r -> params.add(r.primaryId()));
        params.addAll(SHOWN_ATTRIBUTES);
        jdbc.sql("SELECT SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES FROM SPRING_SESSION_ATTRIBUTES WHERE SESSION_PRIMARY_ID IN ("
                + sessionMarks + ") AND ATTRIBUTE_NAME IN (" + nameMarks + ")").params(params).query(rs -> {
                    details.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), DESERIALIZE.convert(rs.getBytes(3)));
                });
        return details;
    }

    private static final DeserializingConverter DESERIALIZE = new DeserializingConverter(OpenSessions.class.getClassLoader());

    /**
     * Ends the owner's session with this handle; false when the owner has none such. The handle is an
     * attribute, so sessions are read one by one, most recently seen first (the one asked for is nearly
     * always among the few the page showed), and the reading stops at the one found.
     */
    boolean end(String username, String handle) {
        if (handle == null || handle.isEmpty()) {
            return false;
        }
        for (Row row : liveSessions(username)) {
            Session s = sessions.findById(row.sessionId());
            if (s != null && handle.equals(s.getAttribute(SessionDetails.HANDLE))) {
                sessions.deleteById(row.sessionId());
                return true;
            }
        }
        return false;
    }

    /**
     * Ends every live session of the owner but the current one; returns how many ended. One statement,
     * no session read: it was every session with all its attributes (see the class comment), and the
     * attribute rows go with ON DELETE CASCADE, as for {@code AccountSessions}.
     */
    int endOthers(String username, String currentSessionId) {
        return jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ? AND SESSION_ID <> ? AND EXPIRY_TIME > ?")
                .param(username).param(currentSessionId == null ? "" : currentSessionId).param(System.currentTimeMillis()).update();
    }

    /** The owner's live sessions' rows, most recently seen first, without attributes. */
    private List<Row> liveSessions(String username) {
        // The expiry is compared with the system clock because Spring Session's own expiry check uses it.
        return jdbc.sql("SELECT PRIMARY_ID, SESSION_ID, CREATION_TIME, LAST_ACCESS_TIME FROM SPRING_SESSION "
                + "WHERE PRINCIPAL_NAME = ? AND EXPIRY_TIME > ? ORDER BY LAST_ACCESS_TIME DESC").param(username).param(System.currentTimeMillis())
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).list();
    }
}
