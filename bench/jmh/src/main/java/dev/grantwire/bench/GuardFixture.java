package dev.grantwire.bench;

import dev.grantwire.guard.AccessGuard;
import dev.grantwire.guard.FeedView;
import dev.grantwire.guard.GuardObserver;
import dev.grantwire.guard.JwksKeySource;
import dev.grantwire.guard.RevocationTable;
import dev.grantwire.guard.TokenVerifier;
import java.time.Duration;
import java.util.List;

/**
 * Builds an {@link AccessGuard} the way the Quarkus integration does (default B, S, cache size),
 * with a feed that is caught up and fresh, so every check runs the full request-time path.
 */
final class GuardFixture {

    /** The fixed "now" of every check and token (2026-11-18): results do not depend on the date. */
    static final long NOW = 1_795_000_000_000L;

    /** The guard's default cache size ({@code grantwire.guard.cache-size}). */
    static final int DEFAULT_CACHE_SIZE = 10_000;

    private static final Duration B = Duration.ofSeconds(60);
    private static final Duration S = Duration.ofSeconds(5);

    private GuardFixture() {}

    static AccessGuard guard(JwksKeySource keys, RevocationTable table, int cacheSize) {
        TokenVerifier verifier =
                new TokenVerifier(BenchIssuer.ISSUER, List.of(BenchIssuer.AUDIENCE), S, S, keys);
        return new AccessGuard(
                verifier, keys, table, new FreshFeed(), B, S, cacheSize, GuardObserver.NONE);
    }

    /** Read to its end, watermark at {@link #NOW}: never stale, never failed closed. */
    private static final class FreshFeed implements FeedView {
        @Override
        public boolean caughtUp() {
            return true;
        }

        @Override
        public long watermark() {
            return NOW;
        }

        @Override
        public boolean failedClosed() {
            return false;
        }
    }
}
