package dev.grantwire.examples.resource;

import static org.awaitility.Awaitility.await;

import dev.grantwire.events.FeedEvent;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.guard.quarkus.GuardFeed;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import java.time.Duration;

/** Publishes real records on the real revocation topic, as revocation-service would. */
final class Feed {

    static final Duration WAIT = Duration.ofSeconds(20);

    private Feed() {}

    static void publish(FeedEvent event) {
        try (FeedProbe probe = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            probe.publish(event);
        }
    }

    /** Publishes a heartbeat with W = now and waits until the guard holds it. */
    static void freshWatermark(GuardFeed guard) {
        long now = System.currentTimeMillis();
        publish(new FeedHeartbeat(now, 0, now));
        await().atMost(WAIT).until(() -> guard.watermark() >= now);
    }
}
