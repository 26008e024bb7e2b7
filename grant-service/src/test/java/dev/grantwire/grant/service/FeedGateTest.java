package dev.grantwire.grant.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.guard.FeedStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The staleness gate's decision, without Quarkus. */
class FeedGateTest {

    private static final Duration B = Duration.ofSeconds(60);
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void retryAfterWhenWatermarkWithinBoundThenFresh() {
        FeedStatus status = new FeedStatus(true, NOW.minusSeconds(59).toEpochMilli(), 0, 10, null);
        assertThat(FeedGate.retryAfter(status, NOW, B)).isEmpty();
    }

    @Test
    void retryAfterWhenWatermarkOlderThanBoundOrMissingOrNotCaughtUpThenRefused() {
        assertThat(
                        FeedGate.retryAfter(
                                new FeedStatus(
                                        true, NOW.minusSeconds(61).toEpochMilli(), 0, 10, null),
                                NOW,
                                B))
                .isPresent();
        assertThat(FeedGate.retryAfter(new FeedStatus(true, -1, 0, 10, null), NOW, B)).isPresent();
        assertThat(
                        FeedGate.retryAfter(
                                new FeedStatus(false, NOW.toEpochMilli(), 0, 10, null), NOW, B))
                .isPresent();
    }

    @Test
    void retryAfterWhenFeedFailedClosedThenRefusedLonger() {
        FeedStatus status =
                new FeedStatus(true, NOW.toEpochMilli(), 0, 10, "unknown must-understand");
        assertThat(FeedGate.retryAfter(status, NOW, B)).hasValue(30);
    }
}
