package org.certportal.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * the rest: reading a session means reading all its attributes, and an account signed in from a
 * script or a load test can hold hundreds, which made every view of /account slower by the number of
 * them (68 ms instead of 19 ms at 200 sessions, measured).
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
        // Ids only, newest first: no attribute is read here.
        List<String> ids = new ArrayList<>(liveSessionIds(username));
        if (ids.remove(currentSessionId)) {
            ids.add(0, currentSessionId);
        }
        List<OpenSession> list = new ArrayList<>();
        int read = 0;
        for (String id : ids) {
            if (list.size() == SHOWN) {
                break;
            }
            read++;
            Session s = sessions.findById(id);
            if (s == null || s.isExpired()) {
                continue;
            }
            String signedIn = s.getAttribute(SessionDetails.SIGNED_IN_AT);
            list.add(new OpenSession(s.getAttribute(SessionDetails.HANDLE), signedIn == null ? s.getCreationTime() : Instant.parse(signedIn),
                    s.getLastAccessedTime(), s.getAttribute(SessionDetails.ADDRESS), s.getAttribute(SessionDetails.BROWSER),
                    id.equals(currentSessionId), Boolean.TRUE.equals(s.getAttribute(SessionDetails.WAITING))));
        }
        list.sort(Comparator.comparing(OpenSession::current).reversed().thenComparing(OpenSession::lastSeen, Comparator.reverseOrder()));
        return new Listing(list, ids.size() - read);
    }

    /**
     * Ends the owner's session with this handle; false when the owner has none such. The handle is an
     * attribute, so sessions are read one by one, most recently seen first (the one asked for is nearly
     * always among the few the page showed), and the reading stops at the one found.
     */
    boolean end(String username, String handle) {
        if (handle == null || handle.isEmpty()) {
            return false;
        }
        for (String id : liveSessionIds(username)) {
            Session s = sessions.findById(id);
            if (s != null && handle.equals(s.getAttribute(SessionDetails.HANDLE))) {
                sessions.deleteById(id);
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

    private List<String> liveSessionIds(String username) {
        // The expiry is compared with the system clock because Spring Session's own expiry check uses it.
        return jdbc.sql("SELECT SESSION_ID FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ? AND EXPIRY_TIME > ? ORDER BY LAST_ACCESS_TIME DESC")
                .param(username).param(System.currentTimeMillis()).query(String.class).list();
    }
}
