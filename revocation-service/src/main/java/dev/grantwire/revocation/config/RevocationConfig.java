package dev.grantwire.revocation.config;

import dev.grantwire.events.RevocationTopic;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of revocation-service, under {@code grantwire.revocation}. */
@ConfigMapping(prefix = "grantwire.revocation")
public interface RevocationConfig {

    /** The revocation topic (one partition, delete policy, 3 h retention). */
    @WithDefault("grantwire.revocations.v1")
    String topic();

    /**
     * Kafka producer settings added to the feed producer's own: the broker's credentials
     * (revocation-service is the one principal that may write the topic). Keys quoted, e.g. {@code
     * grantwire.revocation.kafka."sasl.mechanism"=SCRAM-SHA-512}. The durability settings ({@code
     * acks}, idempotence) and the serializers are the producer's and cannot be changed here.
     */
    Map<String, String> kafka();

    /**
     * CloudEvents {@code source} of what this service publishes; readers ignore heartbeats from any
     * other, so they must be told of a change ({@code grantwire.guard.producer-source}).
     */
    @WithDefault(RevocationTopic.PRODUCER_SOURCE)
    String source();

    /** How often a heartbeat with the watermark is published. */
    @WithDefault("1s")
    Duration heartbeatInterval();

    /**
     * How long the heartbeat waits for in-flight revoke transactions before it skips a beat. Short:
     * a skipped beat only ages the watermark, which is the safe direction.
     */
    @WithDefault("200ms")
    Duration heartbeatLockTimeout();

    /** B, the staleness bound: consumers refuse delegated tokens when their W is older. */
    @WithDefault("60s")
    Duration staleness();

    /** S, the allowed clock skew between hosts. */
    @WithDefault("5s")
    Duration clockSkew();

    /** How often the outbox relay looks for unacknowledged rows. */
    @WithDefault("500ms")
    Duration relayInterval();

    /** How long a claim on an outbox row holds before another replica may take it over. */
    @WithDefault("10s")
    Duration relayLease();

    /** At most this many rows per relay run. */
    @WithDefault("100")
    int relayBatch();

    /** Sent outbox rows are pruned once older than this: the topic's retention. */
    @WithDefault("3h")
    Duration outboxRetention();

    /** How often sent rows older than {@link #outboxRetention()} are pruned. */
    @WithDefault("5m")
    Duration pruneInterval();

    /** The issuer ({@code iss}) of the tokens the internal APIs accept: grant-service. */
    @WithDefault("http://127.0.0.1:8081")
    String issuer();

    /**
     * grant-service's JWKS, which the internal APIs verify tokens against. Read again at first use
     * by the internal API filter (it may name the HTTP port, known only once the server is bound).
     */
    @WithDefault("http://127.0.0.1:8081/oauth2/jwks")
    String jwksUrl();

    /**
     * Client ids whose service tokens may submit commands ({@code
     * /internal/v1/revocations/commands}): grant-service's own tokens.
     */
    @WithDefault("grant-service")
    List<String> commandClients();

    /**
     * Client ids whose service tokens may call the user and admin revoke APIs ({@code
     * /internal/v1/users/...}, {@code /internal/v1/admin/...}): consent-service. The ledger API is
     * open to these and to {@link #commandClients()}.
     */
    @WithDefault("consent-service")
    List<String> apiClients();

    /**
     * How revocation-service reaches grant-service, which it asks (reads only) before recording.
     */
    GrantService grantService();

    /** grant-service as revocation-service calls it, with its own client-credentials token. */
    interface GrantService {

        /**
         * Base URL of grant-service. Read again at first use (tests point it at a stand-in served
         * by the app under test, whose port is known only once the server is bound).
         */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** revocation-service's internal client at grant-service. */
        @WithDefault("revocation-service")
        String clientId();

        /**
         * Its client secret (a Secret in production, {@code
         * GRANTWIRE_REVOCATION_GRANT_SERVICE_CLIENT_SECRET}). Without it every call that needs
         * grant-service answers 503.
         */
        Optional<String> clientSecret();

        /** Connect and answer timeout of every call. */
        @WithDefault("5s")
        Duration timeout();

        /** The service token is fetched again this long before it expires. */
        @WithDefault("30s")
        Duration tokenRenewal();
    }
}
