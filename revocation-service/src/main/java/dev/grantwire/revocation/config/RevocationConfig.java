package dev.grantwire.revocation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of revocation-service, under {@code grantwire.revocation}. */
@ConfigMapping(prefix = "grantwire.revocation")
public interface RevocationConfig {

    /** The revocation topic (one partition, delete policy, 3 h retention). */
    @WithDefault("grantwire.revocations.v1")
    String topic();

    /** CloudEvents {@code source} of what this service publishes. */
    @WithDefault("/revocation-service")
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
}
