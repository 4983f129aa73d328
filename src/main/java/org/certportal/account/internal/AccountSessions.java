package org.certportal.account.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Ends every stored session of an account. A change of role, status or required action must reach
 * the sessions already open, on every node: the role lives in the session, so a demoted ADMIN kept
 * the console. Ending the sessions (they are rows in the shared database) was chosen over re-reading
 * the account on every request: it costs nothing per request, works for the administration commands
 * too (they run without Spring Session, hence plain SQL on its table), and the next sign-in builds
 * the session from the account as it is now. Spring Session's attribute rows go with ON DELETE CASCADE.
 */
@Repository
public class AccountSessions {

    private final JdbcClient jdbc;

    public AccountSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many sessions ended */
    public int endAll(String username) {
        return jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(username).update();
    }

    /**
     * Ends the account's single sign-ons: every OpenID Connect authorization (code, access and
     * refresh token) of the account, for every application. The refresh token grant does not look
     * at the account again, so without this a refresh token taken before a password reset or a
     * disable would keep working for up to its 8 hours. Consents stay: they record what the person
     * agreed to, not a credential. Plain SQL on the provider's table, as above, so that the
     * administration commands do it too.
     *
     * @return how many authorizations ended
     */
    public int endSingleSignOns(String username) {
        return jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = ?").param(username).update();
    }
}
