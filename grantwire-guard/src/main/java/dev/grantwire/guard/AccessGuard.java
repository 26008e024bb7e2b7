package dev.grantwire.guard;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request-time check of a resource service: turns an {@code Authorization} header into a {@link
 * VerifiedToken} or an {@link AccessRefusedException}, with no network call on the hot path.
 *
 * <p>In order, for every request:
 *
 * <ol>
 *   <li>a bearer token is required (RFC 6750 section 2.1);
 *   <li>its signature and claims are verified once ({@link TokenVerifier}), then kept in a bounded
 *       cache keyed by the header value; a cached token whose key the issuer no longer publishes is
 *       refused;
 *   <li>{@code exp} (with the leeway) is checked again on every request;
 *   <li>until the feed has been read to its end at start and holds a watermark, every request is
 *       refused with {@link Refusal#NOT_READY};
 *   <li>revocation: four O(1) lookups in the {@link RevocationTable};
 *   <li>a delegated token (one with a {@code grant_id}) is refused with {@link Refusal#STALE_FEED}
 *       while {@code now - W > B} or the feed failed closed; a client-credentials token is not, so
 *       service calls keep working during a broker outage. The guard recovers by itself when a
 *       fresh heartbeat arrives.
 * </ol>
 *
 * <p>Checking a cached token allocates nothing. Thread-safe.
 */
public final class AccessGuard {

    private static final String BEARER = "Bearer ";

    private final TokenVerifier verifier;
    private final JwksKeySource keys;
    private final RevocationTable table;
    private final FeedView feed;
    private final GuardObserver observer;
    private final long stalenessMillis;
    private final long retryAfterSeconds;
    private final int cacheSize;
    private final Map<String, VerifiedToken> cache = new ConcurrentHashMap<>();
    private final AccessRefusedException notReady;
    private final AccessRefusedException stale;
    private final AccessRefusedException missing;
    private volatile boolean ready;

    /**
     * @param verifier verifies tokens not in the cache
     * @param keys the issuer's keys (to drop cached tokens whose key is no longer published)
     * @param table the revocations applied so far
     * @param feed the feed's progress
     * @param staleness B: the oldest watermark at which delegated tokens are still served
     * @param retryAfter what 503 answers put in {@code Retry-After}
     * @param cacheSize the most verified tokens kept (at least 1)
     * @param observer receives refusals (for metrics); {@link GuardObserver#NONE} for none
     */
    public AccessGuard(
            TokenVerifier verifier,
            JwksKeySource keys,
            RevocationTable table,
            FeedView feed,
            Duration staleness,
            Duration retryAfter,
            int cacheSize,
            GuardObserver observer) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.table = Objects.requireNonNull(table, "table");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.stalenessMillis = staleness.toMillis();
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1 but is " + cacheSize);
        }
        this.cacheSize = cacheSize;
        // Preallocated: a refusal caused by the feed must not cost an allocation per request.
        this.notReady =
                new AccessRefusedException(
                        Refusal.NOT_READY,
                        "The revocation feed has not been read yet",
                        retryAfterSeconds);
        this.stale =
                new AccessRefusedException(
                        Refusal.STALE_FEED,
                        "The revocation feed is not current; delegated tokens are refused for now",
                        retryAfterSeconds);
        this.missing =
                new AccessRefusedException(Refusal.MISSING_TOKEN, "A bearer token is required", 0);
    }

    /**
     * Checks a request's {@code Authorization} header.
     *
     * @param authorization the header value, e.g. {@code Bearer eyJ...}; null if absent
     * @param nowMillis the current time, epoch milliseconds
     * @return the verified, unexpired, unrevoked token
     * @throws AccessRefusedException why the request must be refused
     */
    public VerifiedToken authorize(String authorization, long nowMillis)
            throws AccessRefusedException {
        try {
            VerifiedToken token = verified(authorization, nowMillis);
            if (nowMillis > token.expiresAtMillis() + verifier.leewayMillis()) {
                cache.remove(authorization);
                throw new AccessRefusedException(
                        Refusal.EXPIRED_TOKEN, "The access token expired", 0);
            }
            if (!isReady()) {
                throw notReady;
            }
            if (table.check(token) != RevocationTable.Verdict.NONE) {
                throw new AccessRefusedException(
                        Refusal.REVOKED_TOKEN, "The access token was revoked", 0);
            }
            if (token.isDelegated() && isStale(nowMillis)) {
                throw stale;
            }
            return token;
        } catch (AccessRefusedException e) {
            observer.refused(e.refusal());
            throw e;
        }
    }

    /** True once the feed was read to its end at start with a watermark; stays true after. */
    public boolean isReady() {
        if (!ready && feed.caughtUp() && feed.watermark() >= 0) {
            ready = true;
        }
        return ready;
    }

    /**
     * True if delegated tokens are refused now: watermark older than B, failed closed, or this
     * host's clock behind the feed's by more than S ({@link FeedView#clockBehindBeyondSkew()}).
     */
    public boolean isStale(long nowMillis) {
        return feed.failedClosed()
                || feed.clockBehindBeyondSkew()
                || nowMillis - feed.watermark() > stalenessMillis;
    }

    /** The number of verified tokens cached. */
    public int cachedTokens() {
        return cache.size();
    }

    /** The {@code Retry-After} of 503 answers, in seconds. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private VerifiedToken verified(String authorization, long nowMillis)
            throws AccessRefusedException {
        if (authorization == null) {
            throw missing;
        }
        VerifiedToken cached = cache.get(authorization);
        if (cached != null) {
            if (keys.isPublished(cached.keyId())) {
                return cached;
            }
            cache.remove(authorization);
            throw new AccessRefusedException(
                    Refusal.INVALID_TOKEN, "The access token's signing key was withdrawn", 0);
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw missing;
        }
        // The white space HTTP allows around the token is not part of it; the token is taken as
        // sent.
        String compact = authorization.substring(BEARER.length()).strip();
        VerifiedToken token = verifier.verify(compact, nowMillis);
        remember(authorization, token, nowMillis);
        return token;
    }

    private void remember(String authorization, VerifiedToken token, long nowMillis) {
        if (cache.size() >= cacheSize) {
            // A full cache is swept once and then left with an eighth free, so that the next
            // cacheSize / 8 new tokens insert without another pass over it: sweeping on every
            // insert made each first-seen token cost a scan of the whole cache (measured in
            // bench/jmh: about 1.7 times the time of the signature check at 10,000 entries).
            long leeway = verifier.leewayMillis();
            cache.values().removeIf(t -> nowMillis > t.expiresAtMillis() + leeway);
            int keep = cacheSize - Math.max(1, cacheSize / 8);
            // Which live tokens go is arbitrary (the map's order): any of them is verified again
            // on its next use, which costs time, never a wrong answer.
            Iterator<String> victims = cache.keySet().iterator();
            while (cache.size() > keep && victims.hasNext()) {
                victims.next();
                victims.remove();
            }
        }
        cache.put(authorization, token);
    }
}
