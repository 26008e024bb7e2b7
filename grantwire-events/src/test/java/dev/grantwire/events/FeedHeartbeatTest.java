package dev.grantwire.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeedHeartbeatTest {

    @Test
    void heartbeatWhenValidThenKeyTypeAndTimeFromContract() {
        FeedHeartbeat heartbeat = Fixtures.heartbeat();

        assertThat(heartbeat.key()).isEqualTo("heartbeat");
        assertThat(heartbeat.type()).isEqualTo("dev.grantwire.feed.heartbeat.v1");
        assertThat(heartbeat.eventTime()).isEqualTo(1_764_410_521_004L);
        assertThat(heartbeat.mustUnderstand()).isFalse();
    }

    @Test
    void heartbeatWhenEmptyLedgerThenLatestSequenceZeroAccepted() {
        assertThat(new FeedHeartbeat(1_000, 0, 1_000).latestSequence()).isZero();
    }

    @Test
    void heartbeatWhenWatermarkNotPositiveThenRefused() {
        assertThatThrownBy(() -> new FeedHeartbeat(0, 1, 1_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FeedHeartbeat.watermark must be positive epoch milliseconds but is 0");
    }

    @Test
    void heartbeatWhenEmittedAtNotPositiveThenRefused() {
        assertThatThrownBy(() -> new FeedHeartbeat(1, 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "FeedHeartbeat.emittedAt must be positive epoch milliseconds but is -1");
    }

    @Test
    void heartbeatWhenLatestSequenceNegativeThenRefused() {
        assertThatThrownBy(() -> new FeedHeartbeat(1_000, -1, 1_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FeedHeartbeat.latestSequence must be >= 0 but is -1");
    }

    @Test
    void heartbeatWhenWatermarkAfterEmittedAtThenRefused() {
        assertThatThrownBy(() -> new FeedHeartbeat(2_000, 1, 1_999))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FeedHeartbeat.watermark (2000) must not be after emittedAt (1999)");
    }
}
