package dev.grantwire.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.grant.messaging.RevocationFeedConsumer;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * grant-service's own reading of the feed distrusts what the guards distrust: a heartbeat in the
 * future or from another source than revocation-service does not move the watermark its token
 * endpoint's staleness gate reads, and is counted.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class FeedForgeryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject RevocationFeedConsumer feed;
    @Inject MeterRegistry registry;

    @Test
    void heartbeatWhenForgedThenWatermarkUnchangedAndCounted() {
        await().atMost(WAIT).until(() -> feed.status().caughtUp());
        long now = System.currentTimeMillis();
        long year2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        double before = registry.get("grantwire.feed.heartbeats.ignored").functionCounter().count();

        long last;
        try (FeedProbe probe = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            probe.publish(new FeedHeartbeat(now, 0, now));
            await().atMost(WAIT).until(() -> feed.status().watermark() >= now);
            probe.publish(new FeedHeartbeat(year2100, 0, year2100));
            last = probe.publishAs("/attacker", new FeedHeartbeat(now + 1_000, 0, now + 1_000));
        }
        await().atMost(WAIT).until(() -> feed.status().position() > last);

        assertThat(feed.status().watermark()).isEqualTo(now);
        assertThat(registry.get("grantwire.feed.heartbeats.ignored").functionCounter().count())
                .isEqualTo(before + 2);
    }
}
