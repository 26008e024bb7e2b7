package dev.grantwire.guard.quarkus;

import dev.grantwire.guard.FeedStatus;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the feed has been read to the end offset seen at start and a heartbeat has given
 * a watermark. After that readiness never depends on Kafka again: a broker failover must not pull
 * every pod out of its service (the request filter refuses stale views instead).
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "grantwire.guard.enabled", stringValue = "true", enableIfMissing = true)
public class GuardReadiness implements HealthCheck {

    private final GuardFeed feed;
    private volatile boolean wasReady;

    GuardReadiness(GuardFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        FeedStatus status = feed.status();
        if (!wasReady && status.caughtUp() && status.watermark() >= 0) {
            wasReady = true;
        }
        return HealthCheckResponse.named("grantwire-revocation-feed")
                .status(wasReady)
                .withData("caughtUp", status.caughtUp())
                .withData("watermark", status.watermark())
                .withData("eventsApplied", status.eventsApplied())
                .build();
    }
}
