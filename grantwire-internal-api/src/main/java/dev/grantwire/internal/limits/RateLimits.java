package dev.grantwire.internal.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.grantwire.internal.edge.BasicCredentials;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rate limits of the public endpoints of every service (grant-service's token, introspection
 * and registration endpoints, revocation-service's {@code /oauth2/revoke}, consent-service's page
 * forms): a token bucket per caller ({@code client:<id>}, or {@code user:<id>} on the pages) and
 * per source address, each holding a minute's requests and refilled whole a minute after it was
 * last refilled (Bucket4j, interval refill: a plain "N a minute" that a client can reason about and
 * a test can cross without racing a trickle of new tokens). A request takes one token from each;
 * when either is empty it is refused with the seconds until the refill.
 *
 * <p>The buckets live in each replica's memory, and each replica enforces its share of the limit:
 * the configured limit divided by {@code grantwire.limits.replicas}, rounded up. Behind a load
 * balancer that spreads a caller's requests over the replicas the total is the configured limit;
 * keeping the buckets local keeps the token endpoint free of a database round trip per request. A
 * bucket unused for two minutes is forgotten, and at most {@value #MAX_BUCKETS} are held.
 *
 * <p>Settings ({@code grantwire.limits.*}): {@code enabled} (true), {@code per-client-per-minute}
 * (600), {@code per-address-per-minute} (1200), {@code replicas} (1), {@code trusted-proxies}
 * (none: {@code X-Forwarded-For} is then ignored, see {@link ClientAddress}). Thread-safe.
 */
@ApplicationScoped
public class RateLimits {

    /** The most buckets one replica holds (least recently used go first). */
    public static final long MAX_BUCKETS = 100_000;

    private final boolean enabled;
    private final long perClient;
    private final long perAddress;
    private final ClientAddress addresses;
    private final TimeMeter clock;
    private final Cache<String, Bucket> buckets =
            Caffeine.newBuilder()
                    .expireAfterAccess(Duration.ofMinutes(2))
                    .maximumSize(MAX_BUCKETS)
                    .build();

    @Inject
    RateLimits(
            @ConfigProperty(name = "grantwire.limits.enabled", defaultValue = "true")
                    boolean enabled,
            @ConfigProperty(name = "grantwire.limits.per-client-per-minute", defaultValue = "600")
                    long perClient,
            @ConfigProperty(name = "grantwire.limits.per-address-per-minute", defaultValue = "1200")
                    long perAddress,
            @ConfigProperty(name = "grantwire.limits.replicas", defaultValue = "1") int replicas,
            @ConfigProperty(name = "grantwire.limits.trusted-proxies")
                    Optional<List<String>> trustedProxies) {
        this(
                enabled,
                perClient,
                perAddress,
                replicas,
                trustedProxies.orElse(List.of()),
                TimeMeter.SYSTEM_NANOTIME);
    }

    /** Limits with the clock given (tests move it). */
    public RateLimits(
            boolean enabled,
            long perClient,
            long perAddress,
            int replicas,
            List<String> trustedProxies,
            TimeMeter clock) {
        if (perClient < 1 || perAddress < 1 || replicas < 1) {
            throw new IllegalArgumentException(
                    "grantwire.limits.* must be positive: per-client-per-minute "
                            + perClient
                            + ", per-address-per-minute "
                            + perAddress
                            + ", replicas "
                            + replicas);
        }
        this.enabled = enabled;
        this.perClient = share(perClient, replicas);
        this.perAddress = share(perAddress, replicas);
        this.addresses = new ClientAddress(trustedProxies);
        this.clock = clock;
    }

    /**
     * The client a request to an OAuth endpoint says it is, before it is authenticated: the user
     * name of HTTP Basic credentials, else the form's {@code client_id}; null when neither (or
     * unreadable). Claiming another client's id only spends that client's limit on this address's
     * budget, which the per-address limit bounds.
     */
    public static String caller(String authorization, String formClientId) {
        try {
            BasicCredentials credentials = BasicCredentials.parse(authorization);
            if (credentials != null && !credentials.clientId().isEmpty()) {
                return credentials.clientId();
            }
        } catch (BasicCredentials.Malformed e) {
            return formClientId;
        }
        return formClientId;
    }

    /** The address a request came from, believing only trusted proxies' {@code X-Forwarded-For}. */
    public String address(String peer, String forwardedFor) {
        return addresses.of(peer, forwardedFor);
    }

    /** {@link #address(String, String)} of an HTTP request. */
    public String address(HttpServerRequest request) {
        return address(
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.getHeader("X-Forwarded-For"));
    }

    /**
     * Takes one request of {@code caller} (may be null: then only the address counts) from {@code
     * address}.
     *
     * @return empty when allowed, else the whole seconds to wait before retrying (at least 1)
     */
    public OptionalLong take(String caller, String address) {
        if (!enabled) {
            return OptionalLong.empty();
        }
        OptionalLong wait = caller == null ? OptionalLong.empty() : take("c\n" + caller, perClient);
        if (wait.isPresent()) {
            return wait;
        }
        return address == null ? OptionalLong.empty() : take("a\n" + address, perAddress);
    }

    private OptionalLong take(String key, long perMinute) {
        Bucket bucket =
                buckets.get(
                        key,
                        k ->
                                Bucket.builder()
                                        .addLimit(
                                                limit ->
                                                        limit.capacity(perMinute)
                                                                .refillIntervally(
                                                                        perMinute,
                                                                        Duration.ofMinutes(1)))
                                        .withCustomTimePrecision(clock)
                                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long seconds = (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L;
        return OptionalLong.of(Math.max(1, seconds));
    }

    private static long share(long limit, int replicas) {
        return (limit + replicas - 1) / replicas;
    }
}
