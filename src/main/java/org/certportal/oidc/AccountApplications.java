package org.certportal.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.certportal.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The applications that can act for an account (ASVS V10.4.9, V10.7.3): every client it has
 * authorizations (codes, tokens) or a consent with, and the removal of both. Every statement names
 * the account's own {@code principal_name}, so a client id taken from another account's page
 * reaches nothing of that account.
 */
@Service
class AccountApplications {

    private final JdbcClient jdbc;
    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationService authorizations;
    private final OAuth2AuthorizationConsentService consents;
    private final TransactionTemplate tx;
    private final Clock clock;

    AccountApplications(JdbcClient jdbc, RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
            OAuth2AuthorizationConsentService consents, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.authorizations = authorizations;
        this.consents = consents;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * One application as the account page shows it. {@code scopes}: what the person agreed to (third-party
     * clients only; the portal's own applications need no consent). {@code signedInUntil}: when its latest
     * live refresh token expires, null when it holds none (it must send the person to sign in again).
     */
    record Application(String clientId, String name, boolean thirdParty, Instant firstUsed, Instant lastUsed, List<String> scopes,
            Instant signedInUntil) {
    }

    private record Row(String id, String clientKey, Instant codeAt, Instant accessAt, Instant refreshAt, Instant refreshExpiresAt) {
    }

    List<Application> of(String username) {
        List<Row> rows = jdbc.sql("SELECT id, registered_client_id, authorization_code_issued_at, access_token_issued_at, refresh_token_issued_at, "
                        + "refresh_token_expires_at FROM oauth2_authorization WHERE principal_name = ?")
                .param(username)
                .query((rs, n) -> new Row(rs.getString("id"), rs.getString("registered_client_id"), Timestamps.instant(rs, "authorization_code_issued_at"),
                        Timestamps.instant(rs, "access_token_issued_at"), Timestamps.instant(rs, "refresh_token_issued_at"),
                        Timestamps.instant(rs, "refresh_token_expires_at")))
                .list();
        Map<String, List<Row>> byClient = new LinkedHashMap<>();
        for (Row row : rows) {
            byClient.computeIfAbsent(row.clientKey(), k -> new ArrayList<>()).add(row);
        }
        jdbc.sql("SELECT registered_client_id FROM oauth2_authorization_consent WHERE principal_name = ?").param(username).query(String.class).list()
                .forEach(key -> byClient.computeIfAbsent(key, k -> new ArrayList<>()));

        Instant now = clock.instant();
        List<Application> applications = new ArrayList<>();
        byClient.forEach((key, clientRows) -> {
            RegisteredClient client = clients.findById(key);
            if (client == null) {
                return;
            }
            Instant first = null;
            Instant last = null;
            Instant until = null;
            for (Row row : clientRows) {
                for (Instant at : new Instant[] {row.codeAt(), row.accessAt(), row.refreshAt()}) {
                    first = at != null && (first == null || at.isBefore(first)) ? at : first;
                    last = at != null && (last == null || at.isAfter(last)) ? at : last;
                }
                if (row.refreshExpiresAt() != null && row.refreshExpiresAt().isAfter(now) && (until == null || row.refreshExpiresAt().isAfter(until))
                        && liveRefreshToken(row.id())) {
                    until = row.refreshExpiresAt();
                }
            }
            boolean thirdParty = Boolean.TRUE.equals(client.getClientSettings().getSetting(Clients.THIRD_PARTY));
            applications.add(new Application(client.getClientId(), client.getClientName(), thirdParty, first, last,
                    thirdParty ? consentedScopes(key, username) : List.of(), until));
        });
        applications.sort(Comparator.comparing(Application::lastUsed, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(Application::name));
        return applications;
    }

    /** A refresh token replaced at its use, or revoked with a replayed code, is kept but marked invalidated: only an active one keeps a sign-in. */
    private boolean liveRefreshToken(String authorizationId) {
        OAuth2Authorization authorization = authorizations.findById(authorizationId);
        OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization == null ? null : authorization.getRefreshToken();
        return refresh != null && !refresh.isInvalidated();
    }

    private List<String> consentedScopes(String clientKey, String username) {
        OAuth2AuthorizationConsent consent = consents.findById(clientKey, username);
        Set<String> scopes = new TreeSet<>();
        if (consent != null) {
            for (GrantedAuthority a : consent.getAuthorities()) {
                if (a.getAuthority().startsWith("SCOPE_")) {
                    scopes.add(a.getAuthority().substring("SCOPE_".length()));
                }
            }
        }
        // the page words what each scope lets the application see; openid alone adds nothing to say
        scopes.remove("openid");
        return List.copyOf(scopes);
    }

    /**
     * Deletes the account's authorizations for the client (its refresh and access tokens are then
     * refused: the provider no longer finds them) and its consent, so that the next sign-in through
     * that client starts over. Only rows of {@code username} are touched.
     *
     * @return the client's name and how many rows went, or null when the account had nothing with it
     */
    Removed remove(String username, String clientId) {
        RegisteredClient client = clientId == null || clientId.isBlank() || clientId.length() > 100 ? null : clients.findByClientId(clientId);
        if (client == null) {
            return null;
        }
        return tx.execute(status -> {
            int tokens = jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = ? AND principal_name = ?")
                    .param(client.getId()).param(username).update();
            int consent = jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ? AND principal_name = ?")
                    .param(client.getId()).param(username).update();
            return tokens + consent == 0 ? null : new Removed(client.getClientId(), client.getClientName(), tokens, consent > 0);
        });
    }

    record Removed(String clientId, String name, int authorizations, boolean consent) {
    }
}
