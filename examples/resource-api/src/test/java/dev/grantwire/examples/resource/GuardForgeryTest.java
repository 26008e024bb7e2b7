package dev.grantwire.examples.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.guard.RevocationTable.Verdict;
import dev.grantwire.guard.quarkus.GuardFeed;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an ACL cannot rule out: someone holding write access to the topic (a leaked
 * revocation-service password, a broker admin) forges records. The guard of a running service keeps
 * its watermark, applies the revocation anyway, and counts both in its metrics.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "resource_api"))
@QuarkusTestResource(TestIssuerResource.class)
class GuardForgeryTest {

    @Inject GuardFeed guard;
    @Inject MeterRegistry registry;

    @Test
    void heartbeatWhenForgedInTheFutureOrFromAnotherSourceThenWatermarkUnchangedAndCounted() {
        Feed.freshWatermark(guard);
        long honest = guard.watermark();
        double ignoredBefore = counter("grantwire.guard.heartbeats.ignored");
        long year2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        long soon = System.currentTimeMillis() + 1_000;

        long last;
        try (FeedProbe forger = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            // Before the fix, this one froze W in 2100: the staleness gate never closed again.
            forger.publish(new FeedHeartbeat(year2100, 0, year2100));
            last = forger.publishAs("/attacker", new FeedHeartbeat(soon, 0, soon));
        }
        await().atMost(Feed.WAIT).until(() -> guard.status().position() > last);

        assertThat(guard.watermark()).isEqualTo(honest);
        assertThat(guard.heartbeatsIgnored()).isGreaterThanOrEqualTo(2);
        assertThat(counter("grantwire.guard.heartbeats.ignored")).isEqualTo(ignoredBefore + 2);

        // And the guard still follows the real writer.
        Feed.freshWatermark(guard);
        assertThat(guard.watermark()).isGreaterThan(honest);
    }

    @Test
    void revocationWhenFromAnotherSourceThenAppliedAndCounted() {
        UUID grantId = UUID.randomUUID();
        long issuedAt = System.currentTimeMillis();
        double foreignBefore = counter("grantwire.guard.revocations.foreign");
        RevocationEvent revocation =
                RevocationEvent.builder(RevocationKind.GRANT, grantId.toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("forged, but a revocation all the same")
                        .actor("user:someone")
                        .sequence(1)
                        .build(RevocationBounds.DEFAULTS);

        try (FeedProbe forger = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            forger.publishAs("/attacker", revocation);
        }

        await().atMost(Feed.WAIT)
                .until(
                        () ->
                                guard.table().check(UUID.randomUUID(), grantId, "a", "u", issuedAt)
                                        == Verdict.GRANT_REVOKED);
        assertThat(counter("grantwire.guard.revocations.foreign")).isEqualTo(foreignBefore + 1);
    }

    private double counter(String name) {
        return registry.get(name).functionCounter().count();
    }
}
