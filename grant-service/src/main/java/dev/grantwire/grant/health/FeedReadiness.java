package dev.grantwire.grant.health;

import dev.grantwire.grant.messaging.RevocationFeedConsumer;
import dev.grantwire.guard.FeedStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the revocation feed has been applied up to the end offset seen at start: until
 * then grant-service could refresh a token whose grant is already revoked.
 */
@Readiness
@ApplicationScoped
public class FeedReadiness implements HealthCheck {

    private final RevocationFeedConsumer feed;

    FeedReadiness(RevocationFeedConsumer feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        FeedStatus status = feed.status();
        return HealthCheckResponse.named("grantwire-revocation-feed")
                .status(status.caughtUp() && !status.failedClosed())
                .withData("caughtUp", status.caughtUp())
                .withData("eventsApplied", status.eventsApplied())
                .withData("position", status.position())
                .build();
    }
}
