package dev.grantwire.grant.client;

import dev.grantwire.grant.config.RevocationServiceConfig;
import dev.grantwire.grant.token.TokenMinter;
import dev.grantwire.internal.ServiceToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * grant-service's own access token for revocation-service: {@code client_id} and {@code sub}
 * {@value #CLIENT_ID}, scope {@value #SCOPE} (whose catalog audience is revocation-service), no
 * {@code grant_id}. grant-service holds the signing keys, so it mints the token itself rather than
 * asking its own token endpoint. Cached until a minute before it expires. Thread-safe.
 */
@ApplicationScoped
public class MintedServiceToken implements ServiceToken {

    static final String CLIENT_ID = "grant-service";
    static final String SCOPE = "revocations.internal";
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(1);

    private final TokenMinter minter;
    private final Duration lifetime;
    private String token;
    private Instant renewAt = Instant.MIN;

    MintedServiceToken(TokenMinter minter, RevocationServiceConfig config) {
        this.minter = minter;
        this.lifetime = config.serviceTokenLifetime();
    }

    /** A valid token, minted anew when the cached one is about to expire. */
    @Override
    public synchronized String get() {
        Instant now = Instant.now();
        if (token == null || !now.isBefore(renewAt)) {
            token = minter.accessToken(CLIENT_ID, CLIENT_ID, List.of(SCOPE), null, lifetime);
            Duration early =
                    lifetime.compareTo(RENEW_BEFORE_EXPIRY.multipliedBy(2)) > 0
                            ? RENEW_BEFORE_EXPIRY
                            : lifetime.dividedBy(2);
            renewAt = now.plus(lifetime).minus(early);
        }
        return token;
    }

    /** Drops the cached token, e.g. after revocation-service answered 401 to it. */
    @Override
    public synchronized void forget() {
        token = null;
    }
}
