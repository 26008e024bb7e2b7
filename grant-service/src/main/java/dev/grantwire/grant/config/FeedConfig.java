package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How grant-service treats its view of the revocation feed. */
@ConfigMapping(prefix = "grantwire.feed")
public interface FeedConfig {

    /**
     * The staleness bound B (DESIGN.md, bounded staleness): when the latest heartbeat's watermark
     * is older than this, grant-service refuses to issue or refresh user tokens (503).
     */
    @WithDefault("PT60S")
    Duration stalenessBound();

    /**
     * How long a consent that names a revocation {@code sequence} waits for this service to have
     * applied it (read-your-writes after a revoke); at most B in production.
     */
    @WithDefault("PT60S")
    Duration readYourWritesTimeout();
}
