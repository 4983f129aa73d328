package org.certportal.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.platform.RandomSecrets;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The OpenID Connect clients (relying parties): list, add, remove. Used by the command line and the
 * console; depends on the database only, so it also runs in the command line's non-web context.
 *
 * <p>Every client gets the authorization code flow with scopes openid, profile and email. A public
 * client (no secret) must use PKCE (S256); a confidential one may, and it also gets refresh tokens,
 * a new one at every use. Its secret is stored only as a bcrypt hash ({@code {bcrypt}...}, which the
 * authorization server's default password encoder checks).
 */
@Service
public class Clients {

    /** Client setting: sign-ins for this client need a second factor in the session (or its enrollment first). */
    public static final String REQUIRE_MFA = "settings.certportal.require-mfa";
    /** Client setting: an application of someone else, so the person is asked to consent (see ConsentController). */
    public static final String THIRD_PARTY = "settings.certportal.third-party";
    /**
     * Client setting: where the application starts its own sign-in (OpenID Connect Core 4,
     * Third-Party Initiated Login, the registration metadata {@code initiate_login_uri}); the portal
     * sends a person there, with {@code iss}, when a recovery that began at this client ends in
     * another browser.
     */
    public static final String INITIATE_LOGIN_URI = "settings.certportal.initiate-login-uri";

    static final Duration ACCESS_TOKEN_TTL = Duration.ofMinutes(5);
    static final Duration REFRESH_TOKEN_TTL = Duration.ofHours(8);
    static final Duration CODE_TTL = Duration.ofMinutes(5);

    private final RegisteredClientRepository repository;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final RandomSecrets random;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PasswordEncoder secretHasher = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    Clients(RegisteredClientRepository repository, JdbcClient jdbc, AuditLog audit, RandomSecrets random, TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.audit = audit;
        this.random = random;
        this.tx = tx;
        this.clock = clock;
    }

    /** What a registration asks for. {@code secret} null for a confidential client: one is generated and returned once. */
    public record NewClient(String clientId, String name, List<String> redirectUris, List<String> postLogoutRedirectUris, boolean publicClient,
            String secret, boolean thirdParty, boolean requireMfa, boolean requirePkce, String initiateLoginUri) {

        /** Without PKCE required of a confidential client and without an initiate-login URI. */
        public NewClient(String clientId, String name, List<String> redirectUris, List<String> postLogoutRedirectUris, boolean publicClient,
                String secret, boolean thirdParty, boolean requireMfa) {
            this(clientId, name, redirectUris, postLogoutRedirectUris, publicClient, secret, thirdParty, requireMfa, false, null);
        }
    }

    /** The registered client; {@code generatedSecret} is set only when the portal made the secret (shown once, stored hashed). */
    public record Added(ClientView client, String generatedSecret) {
    }

    /** A client as lists show it (never its secret). */
    public record ClientView(String clientId, String name, boolean publicClient, boolean thirdParty, boolean requireMfa, Set<String> redirectUris,
            Set<String> postLogoutRedirectUris, Instant registeredAt, boolean requirePkce, String initiateLoginUri) {
    }

    public List<ClientView> list() {
        List<String> ids = jdbc.sql("SELECT client_id FROM oauth2_registered_client ORDER BY client_id").query(String.class).list();
        List<ClientView> views = new ArrayList<>();
        for (String id : ids) {
            find(id).ifPresent(views::add);
        }
        return views;
    }

    public Optional<ClientView> find(String clientId) {
        RegisteredClient client = repository.findByClientId(clientId);
        return client == null ? Optional.empty() : Optional.of(view(client));
    }

    /** Registers a client; {@link ClientException} with a one-line reason for bad input. */
    public Added add(NewClient request, AuditActor actor, String address) {
        ClientRules.clientIdProblem(request.clientId()).ifPresent(Clients::fail);
        ClientRules.nameProblem(request.name()).ifPresent(Clients::fail);
        if (request.redirectUris() == null || request.redirectUris().isEmpty()) {
            fail("at least one --redirect-uri is required");
        }
        request.redirectUris().forEach(u -> ClientRules.redirectUriProblem(u).ifPresent(Clients::fail));
        List<String> postLogout = request.postLogoutRedirectUris() == null ? List.of() : request.postLogoutRedirectUris();
        postLogout.forEach(u -> ClientRules.redirectUriProblem(u).ifPresent(Clients::fail));
        String initiateLogin = request.initiateLoginUri() == null || request.initiateLoginUri().isBlank() ? null : request.initiateLoginUri();
        if (initiateLogin != null) {
            ClientRules.initiateLoginUriProblem(initiateLogin).ifPresent(Clients::fail);
        }
        if (request.publicClient() && request.secret() != null) {
            fail("a public client has no secret: leave out --secret-stdin or --public");
        }
        if (!request.publicClient() && request.secret() != null) {
            ClientRules.secretProblem(request.secret()).ifPresent(Clients::fail);
        }
        String generated = !request.publicClient() && request.secret() == null ? random.urlToken(32) : null;
        String secret = request.secret() != null ? request.secret() : generated;

        RegisteredClient.Builder builder = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(request.clientId())
                .clientIdIssuedAt(clock.instant())
                .clientName(request.name() == null || request.name().isBlank() ? request.clientId() : request.name())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(new LinkedHashSet<>(request.redirectUris())))
                .postLogoutRedirectUris(uris -> uris.addAll(new LinkedHashSet<>(postLogout)))
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(request.publicClient() || request.requirePkce())
                        .requireAuthorizationConsent(request.thirdParty())
                        .setting(THIRD_PARTY, request.thirdParty())
                        .setting(REQUIRE_MFA, request.requireMfa())
                        .settings(settings -> {
                            if (initiateLogin != null) {
                                settings.put(INITIATE_LOGIN_URI, initiateLogin);
                            }
                        })
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .authorizationCodeTimeToLive(CODE_TTL)
                        .accessTokenTimeToLive(ACCESS_TOKEN_TTL)
                        .refreshTokenTimeToLive(REFRESH_TOKEN_TTL)
                        .reuseRefreshTokens(false)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .build());
        if (request.publicClient()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(secretHasher.encode(secret))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
        }
        RegisteredClient client = builder.build();
        tx.executeWithoutResult(status -> {
            if (repository.findByClientId(request.clientId()) != null) {
                fail("the client id '" + request.clientId() + "' is already registered");
            }
            try {
                repository.save(client);
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                fail("the client id '" + request.clientId() + "' is already registered");
            }
        });
        audit.record(SecurityEvent.of(AuditType.OIDC_CLIENT_ADDED, AuditOutcome.SUCCESS).by(actor).from(address)
                .detail("client " + client.getClientId() + (request.publicClient() ? " (public)" : " (confidential)")
                        + (request.thirdParty() ? ", third-party" : "") + (request.requireMfa() ? ", second factor required" : "")
                        + (!request.publicClient() && request.requirePkce() ? ", PKCE required" : "")
                        + ", redirect URIs " + String.join(" ", client.getRedirectUris())));
        return new Added(view(client), generated);
    }

    /**
     * Removes a client with its authorizations and consents: its refresh and access tokens stop
     * working at once (the provider no longer finds them).
     */
    public void remove(String clientId, AuditActor actor, String address) {
        RegisteredClient client = repository.findByClientId(clientId);
        if (client == null) {
            fail("no client with the id '" + ClientRules.printable(String.valueOf(clientId)) + "'");
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = ?").param(client.getId()).update();
            jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ?").param(client.getId()).update();
            jdbc.sql("DELETE FROM oauth2_registered_client WHERE id = ?").param(client.getId()).update();
        });
        audit.record(SecurityEvent.of(AuditType.OIDC_CLIENT_REMOVED, AuditOutcome.SUCCESS).by(actor).from(address).detail("client " + clientId));
    }

    static boolean requiresMfa(RegisteredClient client) {
        return Boolean.TRUE.equals(client.getClientSettings().getSetting(REQUIRE_MFA));
    }

    static String initiateLoginUri(RegisteredClient client) {
        return client.getClientSettings().getSetting(INITIATE_LOGIN_URI) instanceof String uri ? uri : null;
    }

    private static ClientView view(RegisteredClient c) {
        boolean isPublic = c.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
        return new ClientView(c.getClientId(), c.getClientName(), isPublic, Boolean.TRUE.equals(c.getClientSettings().getSetting(THIRD_PARTY)),
                requiresMfa(c), new java.util.TreeSet<>(c.getRedirectUris()), new java.util.TreeSet<>(c.getPostLogoutRedirectUris()), c.getClientIdIssuedAt(),
                c.getClientSettings().isRequireProofKey(), initiateLoginUri(c));
    }

    private static void fail(String message) {
        throw new ClientException(message);
    }
}
