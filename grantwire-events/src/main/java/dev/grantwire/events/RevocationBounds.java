package dev.grantwire.events;

import java.time.Duration;
import java.util.Objects;

/**
 * The two numbers every margin of the revocation model is made of, and the arithmetic on them, so
 * that every service computes the same cutoff and expiry.
 *
 * <ul>
 *   <li><b>B</b>, {@link #stalenessBound()}: how stale a consumer's view may be ({@code now - W})
 *       before it refuses delegated tokens. Default 60 s, longer than a broker or database
 *       failover.
 *   <li><b>S</b>, {@link #clockSkew()}: the allowed clock skew between hosts. Default 5 s. A
 *       guard's {@code exp} leeway must not exceed it.
 * </ul>
 *
 * <p>A token for a revoked grant can still be issued until {@code revokedAt + B} (by a service
 * whose view is just under B stale) and may live {@value #MAX_ACCESS_TOKEN_LIFETIME_MINUTES}
 * minutes, with up to S of skew at either end; hence {@link #expiresAt(long)} and {@link
 * #cutoff(long)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stalenessBound B: positive, whole milliseconds
 * @param clockSkew S: zero or positive, whole milliseconds
 */
public record RevocationBounds(Duration stalenessBound, Duration clockSkew) {

    /** The hard cap on an access token's lifetime, in minutes, whatever the policy says. */
    public static final int MAX_ACCESS_TOKEN_LIFETIME_MINUTES = 90;

    /** The hard cap on an access token's lifetime, whatever the current policy says. */
    public static final Duration MAX_ACCESS_TOKEN_LIFETIME =
            Duration.ofMinutes(MAX_ACCESS_TOKEN_LIFETIME_MINUTES);

    /** The default B: 60 seconds. */
    public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofSeconds(60);

    /** The default S: 5 seconds. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

    /** B = 60 s, S = 5 s. */
    public static final RevocationBounds DEFAULTS =
            new RevocationBounds(DEFAULT_STALENESS_BOUND, DEFAULT_CLOCK_SKEW);

    /**
     * Validates the bounds.
     *
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if B is not positive, S is negative, either has a
     *     sub-millisecond part, or the {@link #entryLifetime()} would not fit in the topic's {@link
     *     RevocationTopic#RETENTION retention} (records would be deleted while still needed)
     */
    public RevocationBounds {
        Objects.requireNonNull(stalenessBound, "stalenessBound (B) must not be null");
        Objects.requireNonNull(clockSkew, "clockSkew (S) must not be null");
        if (stalenessBound.isNegative() || stalenessBound.isZero()) {
            throw new IllegalArgumentException(
                    "stalenessBound (B) must be positive but is " + stalenessBound);
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException(
                    "clockSkew (S) must not be negative but is " + clockSkew);
        }
        if (stalenessBound.getNano() % 1_000_000 != 0 || clockSkew.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "stalenessBound (B) and clockSkew (S) must be whole milliseconds but are "
                            + stalenessBound
                            + " and "
                            + clockSkew);
        }
        Duration lifetime =
                MAX_ACCESS_TOKEN_LIFETIME.plus(stalenessBound).plus(clockSkew.multipliedBy(2));
        if (lifetime.compareTo(RevocationTopic.RETENTION) >= 0) {
            throw new IllegalArgumentException(
                    "90 min + B + 2S = "
                            + lifetime
                            + " must be shorter than the topic retention "
                            + RevocationTopic.RETENTION
                            + "; choose a smaller B or S");
        }
    }

    /** Bounds with the given B and S in milliseconds. */
    public static RevocationBounds ofMillis(long stalenessBoundMillis, long clockSkewMillis) {
        return new RevocationBounds(
                Duration.ofMillis(stalenessBoundMillis), Duration.ofMillis(clockSkewMillis));
    }

    /**
     * How long an entry must be remembered after {@code revokedAt}: {@code 90 min + B + 2S}. Also
     * how far back a consumer replays the topic at start (plus a margin of its choice).
     */
    public Duration entryLifetime() {
        return MAX_ACCESS_TOKEN_LIFETIME.plus(stalenessBound).plus(clockSkew.multipliedBy(2));
    }

    /**
     * The time after which no token a revocation could match is valid anywhere: {@code revokedAt +
     * 90 min + B + 2S}.
     *
     * @param revokedAt epoch milliseconds UTC
     * @return epoch milliseconds UTC
     * @throws ArithmeticException on overflow
     */
    public long expiresAt(long revokedAt) {
        return Math.addExact(revokedAt, entryLifetime().toMillis());
    }

    /**
     * The cutoff of an app- or user-wide revocation: {@code revokedAt + B + S}, rounded up to a
     * whole second, because a JWT's {@code iat} is in whole seconds and is compared as {@code iat *
     * 1000 < cutoff}. Tokens issued before it are refused; grant-service issues none for that app
     * or user until it has passed.
     *
     * @param revokedAt epoch milliseconds UTC
     * @return epoch milliseconds UTC, a multiple of 1000
     * @throws ArithmeticException on overflow
     */
    public long cutoff(long revokedAt) {
        long raw =
                Math.addExact(
                        revokedAt, Math.addExact(stalenessBound.toMillis(), clockSkew.toMillis()));
        return ceilToSecond(raw);
    }

    /**
     * The staleness rule: a consumer whose latest watermark W is older than B refuses delegated
     * tokens (503 with {@code Retry-After}) until a fresher heartbeat arrives.
     *
     * @param watermark W from the latest {@link FeedHeartbeat}, epoch milliseconds UTC
     * @param now the consumer's clock, epoch milliseconds UTC
     * @return {@code true} when {@code now - W > B}
     */
    public boolean isStale(long watermark, long now) {
        return now - watermark > stalenessBound.toMillis();
    }

    static long ceilToSecond(long epochMillis) {
        return Math.multiplyExact(-Math.floorDiv(-epochMillis, 1000L), 1000L);
    }
}
