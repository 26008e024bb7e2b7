package dev.grantwire.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationTopicTest {

    @Test
    void topicWhenReadThenNameAndOnePartition() {
        assertThat(RevocationTopic.NAME).isEqualTo("grantwire.revocations.v1");
        assertThat(RevocationTopic.PARTITIONS).isEqualTo(1);
    }

    @Test
    void configsWhenReadThenDeleteThreeHoursOneHourSegmentsLogAppendTime() {
        assertThat(RevocationTopic.CONFIGS)
                .containsExactly(
                        Map.entry("cleanup.policy", "delete"),
                        Map.entry("retention.ms", "10800000"),
                        Map.entry("segment.ms", "3600000"),
                        Map.entry("message.timestamp.type", "LogAppendTime"));
    }

    @Test
    void productionConfigsWhenReadThenAddDurability() {
        assertThat(RevocationTopic.PRODUCTION_CONFIGS)
                .containsAllEntriesOf(RevocationTopic.CONFIGS)
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("unclean.leader.election.enable", "false")
                .hasSize(6);
    }

    @Test
    void retentionWhenDefaultBoundsThenHoldsTheWholeReplayWindow() {
        assertThat(RevocationTopic.RETENTION)
                .isGreaterThan(
                        RevocationBounds.DEFAULTS.entryLifetime().plus(RevocationTopic.SEGMENT));
    }

    @Test
    void violationsWhenTopicMatchesThenNone() {
        Map<String, String> actual = new HashMap<>(RevocationTopic.PRODUCTION_CONFIGS);
        actual.put("max.message.bytes", "1048588");

        assertThat(RevocationTopic.violations(actual)).isEmpty();
    }

    @Test
    void violationsWhenCompactedAndDefaultSegmentsThenEachReported() {
        Map<String, String> actual = new HashMap<>(RevocationTopic.CONFIGS);
        actual.put("cleanup.policy", "compact");
        actual.put("segment.ms", "604800000");
        actual.remove("message.timestamp.type");

        assertThat(RevocationTopic.violations(actual))
                .containsExactly(
                        "topic grantwire.revocations.v1: cleanup.policy must be delete but is"
                                + " compact",
                        "topic grantwire.revocations.v1: segment.ms must be 3600000 but is"
                                + " 604800000",
                        "topic grantwire.revocations.v1: message.timestamp.type must be"
                                + " LogAppendTime but is unset");
    }
}
