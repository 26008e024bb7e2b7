package dev.grantwire.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void typesWhenReadThenVersionedPastTenseNames() {
        assertThat(EventTypes.REVOCATION_CREATED_V1)
                .isEqualTo("dev.grantwire.revocation.created.v1");
        assertThat(EventTypes.FEED_HEARTBEAT_V1).isEqualTo("dev.grantwire.feed.heartbeat.v1");
        assertThat(EventTypes.KNOWN)
                .containsExactlyInAnyOrder(
                        EventTypes.REVOCATION_CREATED_V1, EventTypes.FEED_HEARTBEAT_V1);
    }

    @Test
    void headersWhenReadThenCloudEventsKafkaBinaryModeNames() {
        assertThat(
                        new String[] {
                            EventTypes.CE_SPECVERSION,
                            EventTypes.CE_ID,
                            EventTypes.CE_SOURCE,
                            EventTypes.CE_TYPE,
                            EventTypes.CE_SUBJECT,
                            EventTypes.CE_TIME,
                            EventTypes.CE_MUSTUNDERSTAND,
                            EventTypes.CONTENT_TYPE
                        })
                .containsExactly(
                        "ce_specversion",
                        "ce_id",
                        "ce_source",
                        "ce_type",
                        "ce_subject",
                        "ce_time",
                        "ce_mustunderstand",
                        "content-type");
    }

    @Test
    void formatTimeWhenEpochMillisThenRfc3339UtcWithMillis() {
        assertThat(EventTypes.formatTime(1_764_410_520_123L)).isEqualTo("2025-11-29T10:02:00.123Z");
        assertThat(EventTypes.formatTime(1_764_410_520_000L)).isEqualTo("2025-11-29T10:02:00.000Z");
        assertThat(EventTypes.formatTime(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void parseTimeWhenAnyRfc3339FormThenSameInstant() {
        assertThat(EventTypes.parseTime("2025-11-29T10:02:00.123Z")).isEqualTo(1_764_410_520_123L);
        assertThat(EventTypes.parseTime("2025-11-29T10:02:00Z")).isEqualTo(1_764_410_520_000L);
        assertThat(EventTypes.parseTime("2025-11-29T05:02:00.123-05:00"))
                .isEqualTo(1_764_410_520_123L);
        assertThat(EventTypes.parseTime("2025-11-29T10:02:00.123999999Z"))
                .isEqualTo(1_764_410_520_123L);
    }

    @Test
    void parseTimeWhenNoOffsetThenRefused() {
        assertThatThrownBy(() -> EventTypes.parseTime("2025-11-29T10:02:00"))
                .isInstanceOf(DateTimeParseException.class);
    }
}
