package dev.grantwire.guard.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the guard in a Quarkus service, under {@code grantwire.guard}. */
@ConfigMapping(prefix = "grantwire.guard")
public interface GuardConfig {

    /** The revocation topic. */
    @WithDefault("grantwire.revocations.v1")
    String topic();

    /**
     * B, the staleness bound: how old the feed's watermark may grow before delegated tokens are
     * refused. Must match revocation-service's and grant-service's.
     */
    @WithDefault("60s")
    Duration staleness();

    /** S, the allowed clock skew between hosts; also the largest leeway on {@code exp}. */
    @WithDefault("5s")
    Duration clockSkew();

    /** A name for this service's consumer in broker logs. */
    @WithDefault("grantwire-guard")
    String clientId();
}
