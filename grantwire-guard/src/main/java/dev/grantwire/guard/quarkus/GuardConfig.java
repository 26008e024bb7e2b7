package dev.grantwire.guard.quarkus;

import dev.grantwire.events.RevocationTopic;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the guard in a Quarkus service, under {@code grantwire.guard}.
 *
 * <p>The revocation feed runs whenever the guard is enabled (build property {@code
 * grantwire.guard.enabled}, default true). Token checks run once {@link #issuer()} is set: then
 * {@link #audience()} is required too, and every JAX-RS request under {@link #protectedPaths()},
 * and every resource annotated with {@link RequiresScope}, needs a valid access token.
 */
@ConfigMapping(prefix = "grantwire.guard")
public interface GuardConfig {

    /**
     * Whether the guard's beans exist at all: a build-time switch (read by {@code
     * IfBuildProperty}); grant-service, which reads the feed durably itself, sets it false. Named
     * here so the mapping accepts the property.
     */
    @WithDefault("true")
    boolean enabled();

    /** The guard's metrics. */
    Metrics metrics();

    /** {@code grantwire.guard.metrics}. */
    interface Metrics {
        /**
         * Whether the guard registers its Micrometer metrics (build time, like {@link
         * GuardConfig#enabled()}); false for a service without {@code quarkus-micrometer}.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** The revocation topic. */
    @WithDefault("grantwire.revocations.v1")
    String topic();

    /**
     * B, the staleness bound: how old the feed's watermark may grow before delegated tokens are
     * refused. Must match revocation-service's and grant-service's.
     */
    @WithDefault("60s")
    Duration staleness();

    /**
     * S, the allowed clock skew between hosts; also the largest leeway on {@code exp}, and how far
     * ahead of this host's clock a heartbeat may be before it is ignored.
     */
    @WithDefault("5s")
    Duration clockSkew();

    /** A name for this service's consumer in broker logs. */
    @WithDefault("grantwire-guard")
    String clientId();

    /**
     * Kafka consumer settings passed as they are to the feed's consumer, after the guard's own: the
     * broker's credentials above all. Quote the keys, since they hold dots:
     *
     * <pre>
     * grantwire.guard.kafka."security.protocol"=SASL_SSL
     * grantwire.guard.kafka."sasl.mechanism"=SCRAM-SHA-512
     * grantwire.guard.kafka."sasl.jaas.config"=org.apache.kafka.common.security.scram.ScramLoginModule \
     *     required username="my-api" password="${MY_API_KAFKA_PASSWORD}";
     * </pre>
     *
     * Empty by default: a broker that takes anonymous clients needs nothing here. {@code
     * bootstrap.servers} stays {@code kafka.bootstrap.servers}; a group id is refused (see {@link
     * dev.grantwire.guard.FeedReader.Builder#clientProperties}).
     */
    Map<String, String> kafka();

    /**
     * The {@code ce_source} of revocation-service, the topic's one writer; heartbeats from any
     * other source are ignored. Must match revocation-service's {@code
     * grantwire.revocation.source}.
     */
    @WithDefault(RevocationTopic.PRODUCER_SOURCE)
    String producerSource();

    /**
     * The token issuer, exactly as in the tokens' {@code iss}, e.g. {@code http://127.0.0.1:8081}.
     * Unset: no token checks (the feed still runs).
     */
    Optional<String> issuer();

    /** Where the issuer's keys are; default {@code <issuer>/oauth2/jwks}. */
    Optional<String> jwksUrl();

    /**
     * The audiences this API accepts, comma separated, e.g. {@code urn:grantwire:api:work-items}; a
     * token must name at least one. Scopes still decide what the token may do.
     */
    Optional<List<String>> audience();

    /**
     * The leeway on {@code exp}; default S. The service refuses to start if it is larger than
     * {@link #clockSkew()}.
     */
    Optional<Duration> expLeeway();

    /** How often the JWKS is fetched again. */
    @WithDefault("5m")
    Duration jwksRefresh();

    /** The least time between two JWKS fetches caused by an unknown {@code kid}. */
    @WithDefault("10s")
    Duration jwksMinRefetch();

    /** The most verified tokens kept in memory. */
    @WithDefault("10000")
    int cacheSize();

    /**
     * Path prefixes (of JAX-RS requests) that need a token once {@link #issuer()} is set; {@code /}
     * protects every JAX-RS endpoint. Management endpoints under {@code /q/} are not JAX-RS and so
     * are never protected.
     */
    @WithDefault("/")
    List<String> protectedPaths();
}
