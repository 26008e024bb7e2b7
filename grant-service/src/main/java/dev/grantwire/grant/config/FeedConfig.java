package dev.grantwire.grant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How grant-service treats its view of the revocation feed. */
@ConfigMapping(prefix = "grantwire.feed")
public interface FeedConfig {

    /**
     * The staleness bound B (docs/ARCHITECTURE.md, "The bounds B and S"): when the latest
     * heartbeat's watermark is older than this, grant-service refuses to issue or refresh user
     * tokens (503).
     */
    @WithDefault("PT60S")
    Duration stalenessBound();

    /**
     * How long a consent that names a revocation {@code sequence} waits for this service to have
     * applied it (read-your-writes after a revoke); at most B in production.
     */
    @WithDefault("PT60S")
    Duration readYourWritesTimeout();

    /**
     * Whether a fresh start (no stored position) or a gap (the stored position fell out of the
     * topic's retention, or the topic was recreated) is filled from revocation-service's ledger
     * before the feed is read. Switching it off means such a start silently skips revocations: only
     * for a deployment without revocation-service.
     */
    @WithDefault("true")
    boolean reconcile();

    /** Ledger entries asked for per page while reconciling (revocation-service allows 1000). */
    @WithDefault("500")
    int reconcilePageSize();

    /** Pause between two attempts while revocation-service or the broker cannot be reached. */
    @WithDefault("PT2S")
    Duration reconcileRetry();

    /**
     * How many ledger sequences before the last applied one a gap's reconciliation reads again.
     * Sequences come from a database sequence, so a revocation can commit after one with a higher
     * sequence; reading a little behind catches it. Applying is a max, so re-reading is harmless.
     */
    @WithDefault("1000")
    long reconcileOverlap();
}
