package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How grant-service reaches revocation-service: its command API (the outbox relay) and its ledger
 * API (reconciliation). Both calls carry a service token grant-service mints for itself.
 */
@ConfigMapping(prefix = "grantwire.revocation-service")
public interface RevocationServiceConfig {

    /** Base URL of revocation-service, without a trailing slash. */
    @WithDefault("http://127.0.0.1:8082")
    String url();

    /** Connect timeout of every call. */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /** Answer timeout of every call; keep it well below {@link #lease()}. */
    @WithDefault("PT5S")
    Duration requestTimeout();

    /**
     * How often the relay sends the commands still pending (a Quarkus scheduler interval such as
     * {@code 1s} or {@code 5s}; at least 1 s). Each command is also sent right after its commit.
     */
    @WithDefault("1s")
    String relayInterval();

    /**
     * How long a claimed outbox command belongs to the replica that claimed it. A replica that
     * crashes mid-send loses its claim after this; another replica then sends the command again
     * (harmless: revocation-service is idempotent by command id).
     */
    @WithDefault("PT30S")
    Duration lease();

    /** The first pause after a failed delivery; it doubles with each attempt up to the max. */
    @WithDefault("PT1S")
    Duration retryBackoff();

    /** The longest pause between two delivery attempts of one command. */
    @WithDefault("PT5M")
    Duration retryBackoffMax();

    /** Commands a relay run claims at once. */
    @WithDefault("50")
    int batchSize();

    /** How long delivered commands stay in the outbox (for the audit of deliveries). */
    @WithDefault("P7D")
    Duration deliveredRetention();

    /** Lifetime of grant-service's own token for revocation-service (renewed a minute early). */
    @WithDefault("PT5M")
    Duration serviceTokenLifetime();
}
