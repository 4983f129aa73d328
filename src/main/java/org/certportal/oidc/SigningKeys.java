package org.certportal.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.platform.Secrets;
import org.certportal.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's RSA signing keys, in the database so that every node signs with the same key and
 * publishes the same set. The private half is stored only encrypted with the master key.
 *
 * <p>One key is current (it signs); {@link #rotate()} retires it and makes a new one current. A
 * retired key's public half stays published for {@link #RETENTION} after its retirement, longer than
 * any token it signed lives (ID tokens 30 minutes, access tokens 5), and is deleted after that.
 */
@Component
public class SigningKeys {

    /** Longer than the ID token's 30 minutes (fixed by the authorization server) and the access token's 5. */
    public static final Duration RETENTION = Duration.ofHours(1);
    private static final String ALGORITHM = "RS256";

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AuditLog audit;

    SigningKeys(JdbcClient jdbc, Secrets secrets, Clock clock, TransactionTemplate tx, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
        this.tx = tx;
    }

    /** The key that signs, with its private half; made on first use when there is none. */
    public RSAKey current() {
        Optional<RSAKey> stored = storedCurrent();
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            insertCurrent(generate());
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            // two nodes started together: the constraint on current_slot let only one key in
        }
        return storedCurrent().orElseThrow();
    }

    /** Every key still published, public halves only, the current one first; makes the first key if there is none yet. */
    public List<RSAKey> published() {
        List<RSAKey> keys = stillPublished();
        if (keys.isEmpty()) {
            current();
            keys = stillPublished();
        }
        return keys;
    }

    private List<RSAKey> stillPublished() {
        Instant oldest = clock.instant().minus(RETENTION);
        return jdbc.sql("SELECT kid, public_key FROM oidc_signing_key WHERE retired_at IS NULL OR retired_at > ? "
                        + "ORDER BY CASE WHEN current_slot IS NULL THEN 1 ELSE 0 END, created_at DESC")
                .param(Timestamps.db(oldest))
                .query((rs, i) -> publicKey(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** A new current key; the old one keeps being published for {@link #RETENTION}. Returns the new key id. */
    public Rotation rotate(AuditActor actor) {
        current(); // a rotation before the first start still leaves exactly one current key
        KeyPair pair = generate();
        String kid = UUID.randomUUID().toString();
        Instant now = clock.instant();
        String retired = tx.execute(status -> {
            String old = jdbc.sql("SELECT kid FROM oidc_signing_key WHERE current_slot = 1").query(String.class).optional().orElse(null);
            jdbc.sql("UPDATE oidc_signing_key SET current_slot = NULL, retired_at = ? WHERE current_slot = 1").param(Timestamps.db(now)).update();
            insert(kid, pair, now);
            return old;
        });
        jdbc.sql("DELETE FROM oidc_signing_key WHERE retired_at IS NOT NULL AND retired_at < ?").param(Timestamps.db(now.minus(RETENTION))).update();
        audit.record(SecurityEvent.of(AuditType.OIDC_KEY_ROTATED, AuditOutcome.SUCCESS).by(actor)
                .detail("new signing key " + kid + (retired == null ? "" : ", key " + retired + " published until " + now.plus(RETENTION))));
        return new Rotation(retired, kid, now.plus(RETENTION));
    }

    public record Rotation(String retiredKid, String currentKid, Instant retiredPublishedUntil) {
    }

    private Optional<RSAKey> storedCurrent() {
        return jdbc.sql("SELECT kid, public_key, private_key_encrypted FROM oidc_signing_key WHERE current_slot = 1")
                .query((rs, i) -> privateKey(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional();
    }

    private void insertCurrent(KeyPair pair) {
        tx.executeWithoutResult(status -> insert(UUID.randomUUID().toString(), pair, clock.instant()));
    }

    private void insert(String kid, KeyPair pair, Instant now) {
        jdbc.sql("INSERT INTO oidc_signing_key (kid, algorithm, public_key, private_key_encrypted, created_at, current_slot) VALUES (?,?,?,?,?,1)")
                .param(kid).param(ALGORITHM)
                .param(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
                .param(secrets.encrypt(pair.getPrivate().getEncoded()))
                .param(Timestamps.db(now))
                .update();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
    }

    private static RSAKey publicKey(String kid, String publicKey) {
        return new RSAKey.Builder(decodePublic(publicKey)).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
    }

    private RSAKey privateKey(String kid, String publicKey, byte[] encrypted) {
        try {
            RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(secrets.decrypt(encrypted)));
            return new RSAKey.Builder(decodePublic(publicKey)).privateKey(key).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read signing key " + kid + " (was the master key changed?)", e);
        }
    }

    private static RSAPublicKey decodePublic(String base64) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unreadable public signing key", e);
        }
    }
}
