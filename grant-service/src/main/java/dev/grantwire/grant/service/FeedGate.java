package dev.grantwire.grant.service;

import dev.grantwire.grant.config.FeedConfig;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.guard.FeedStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Refuses to mint or vouch for delegated tokens on a stale view of revocations (see
 * docs/ARCHITECTURE.md, "Failing closed"): before the first heartbeat, when the watermark is older
 * than the staleness bound, or when the feed failed closed. Code exchange, refresh, introspection
 * and userinfo ask it; the services' own client-credentials tokens are never gated, so revoking
 * keeps working during an outage.
 */
@ApplicationScoped
public class FeedGate {

    private final FeedView feed;
    private final FeedConfig config;

    FeedGate(FeedView feed, FeedConfig config) {
        this.feed = feed;
        this.config = config;
    }

    /** Throws a 503 {@code temporarily_unavailable} with {@code Retry-After} when stale. */
    public void requireFresh() {
        OptionalLong retryAfter = retryAfter(feed.status(), Instant.now(), config.stalenessBound());
        if (retryAfter.isPresent()) {
            throw OAuthException.temporarilyUnavailable(
                    "the revocation feed is behind; try again shortly", retryAfter.getAsLong());
        }
    }

    /**
     * Whether this replica's view of revocations is fresh enough to say a delegated token is
     * active.
     */
    public boolean isFresh() {
        return retryAfter(feed.status(), Instant.now(), config.stalenessBound()).isEmpty();
    }

    /** Seconds to wait before retrying, or empty when the view is fresh enough to mint. */
    public static OptionalLong retryAfter(FeedStatus status, Instant now, Duration bound) {
        if (status.failedClosed()) {
            return OptionalLong.of(30);
        }
        if (!status.caughtUp() || status.watermark() < 0) {
            return OptionalLong.of(1);
        }
        if (now.toEpochMilli() - status.watermark() > bound.toMillis()) {
            return OptionalLong.of(1);
        }
        return OptionalLong.empty();
    }
}
