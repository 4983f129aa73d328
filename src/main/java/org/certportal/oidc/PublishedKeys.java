package org.certportal.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link JWKSource} read from the database through a short cache: {@link #published} (public keys,
 * for the JWKS endpoint and the provider's own token checks) or {@link #signing} (the current key with
 * its private half, for the encoder). Ten seconds of cache: after {@code key rotate} every node
 * signs with the new key within that time; a key id not in the cache reloads it at once, so a token
 * from a node that already switched is still verified here.
 */
final class PublishedKeys implements JWKSource<SecurityContext> {

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration RELOAD_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final Supplier<List<RSAKey>> loader;
    private volatile JWKSet cached;
    private volatile long loadedAt;

    private PublishedKeys(Supplier<List<RSAKey>> loader) {
        this.loader = loader;
    }

    static PublishedKeys published(SigningKeys keys) {
        return new PublishedKeys(keys::published);
    }

    static PublishedKeys signing(SigningKeys keys) {
        return new PublishedKeys(() -> List.of(keys.current()));
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        // System.nanoTime, not the portal's Clock: a cache's age is machine time, and tests move the Clock.
        long now = System.nanoTime();
        JWKSet set = cached;
        if (set == null || now - loadedAt > TTL.toNanos()) {
            set = reload(now);
        }
        List<JWK> found = selector.select(set);
        if (found.isEmpty() && now - loadedAt > RELOAD_AT_MOST_EVERY.toNanos()) {
            found = selector.select(reload(now));
        }
        return found;
    }

    private JWKSet reload(long now) {
        JWKSet set = new JWKSet(new ArrayList<>(loader.get()));
        cached = set;
        loadedAt = now;
        return set;
    }
}
