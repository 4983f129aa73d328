package org.certportal.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * The signed-in sessions of one account, as the account page lists them (those still waiting for the
 * second step after a right password too), and ending them. Each is
 * named by its handle (see {@link SessionDetails}); the lookup always goes through the owner's own
 * sessions, so a handle of someone else's session ends nothing.
 */
@Service
class OpenSessions {

    /** One session as its owner sees it. */
    record OpenSession(String handle, Instant signedInAt, Instant lastSeen, String address, String browser, boolean current, boolean waiting) {
    }

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    OpenSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    List<OpenSession> of(String username, String currentSessionId) {
        List<OpenSession> list = new ArrayList<>();
        for (Map.Entry<String, ? extends Session> e : sessions.findByPrincipalName(username).entrySet()) {
            Session s = e.getValue();
            if (s.isExpired()) {
                continue;
            }
            String signedIn = s.getAttribute(SessionDetails.SIGNED_IN_AT);
            list.add(new OpenSession(s.getAttribute(SessionDetails.HANDLE), signedIn == null ? s.getCreationTime() : Instant.parse(signedIn),
                    s.getLastAccessedTime(), s.getAttribute(SessionDetails.ADDRESS), s.getAttribute(SessionDetails.BROWSER),
                    e.getKey().equals(currentSessionId), Boolean.TRUE.equals(s.getAttribute(SessionDetails.WAITING))));
        }
        list.sort(Comparator.comparing(OpenSession::current).reversed().thenComparing(OpenSession::lastSeen, Comparator.reverseOrder()));
        return list;
    }

    /** Ends the owner's session with this handle; false when the owner has none such. */
    boolean end(String username, String handle) {
        if (handle == null || handle.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, ? extends Session> e : sessions.findByPrincipalName(username).entrySet()) {
            if (handle.equals(e.getValue().getAttribute(SessionDetails.HANDLE))) {
                sessions.deleteById(e.getKey());
                return true;
            }
        }
        return false;
    }

    /** Ends every session of the owner but the current one; returns how many ended. */
    int endOthers(String username, String currentSessionId) {
        int ended = 0;
        for (String id : sessions.findByPrincipalName(username).keySet()) {
            if (!id.equals(currentSessionId)) {
                sessions.deleteById(id);
                ended++;
            }
        }
        return ended;
    }
}
