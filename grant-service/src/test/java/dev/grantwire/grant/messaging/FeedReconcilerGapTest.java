package dev.grantwire.grant.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.grant.messaging.FeedReconciler.TopicBounds;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When a stored feed position can be resumed and when the ledger must fill a gap first. */
class FeedReconcilerGapTest {

    private static final TopicBounds BOUNDS = new TopicBounds(100, 250);

    @Test
    void gapWhenNoStoredPositionThenFreshStart() {
        assertThat(FeedReconciler.gap(OptionalLong.empty(), BOUNDS)).contains("fresh start");
    }

    @Test
    void gapWhenNextOffsetBelowEarliestKeptThenOutOfRetention() {
        assertThat(FeedReconciler.gap(OptionalLong.of(98), BOUNDS))
                .contains("fell out of the topic's retention")
                .contains("99")
                .contains("100");
    }

    @Test
    void gapWhenNextOffsetIsEarliestOrWithinLogThenNone() {
        assertThat(FeedReconciler.gap(OptionalLong.of(99), BOUNDS)).isNull();
        assertThat(FeedReconciler.gap(OptionalLong.of(180), BOUNDS)).isNull();
        assertThat(FeedReconciler.gap(OptionalLong.of(249), BOUNDS)).isNull();
    }

    @Test
    void gapWhenNextOffsetPastEndThenTopicRecreated() {
        assertThat(FeedReconciler.gap(OptionalLong.of(250), BOUNDS))
                .contains("past the topic's end");
    }

    @Test
    void gapWhenEmptyTopicAndNothingStoredBeyondThenNone() {
        assertThat(FeedReconciler.gap(OptionalLong.of(-1), new TopicBounds(0, 0))).isNull();
    }
}
