package dev.grantwire.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    void parseTimeWhenCanonicalFormThenSameAsTheGeneralParser() {
        Random random = new Random(20261129);
        List<Long> instants =
                new ArrayList<>(
                        List.of(
                                0L,
                                951_782_400_000L, // 2000-02-29T00:00:00.000Z
                                1_709_251_199_999L, // 2024-02-29T23:59:59.999Z
                                1_735_689_599_999L, // 2024-12-31T23:59:59.999Z
                                253_402_300_799_999L)); // 9999-12-31T23:59:59.999Z
        for (int i = 0; i < 10_000; i++) {
            instants.add((random.nextLong() >>> 1) % 253_402_300_800_000L);
        }
        for (long instant : instants) {
            String text = EventTypes.formatTime(instant);
            assertThat(EventTypes.parseTime(text))
                    .as(text)
                    .isEqualTo(instant)
                    .isEqualTo(general(text));
        }
    }

    @Test
    void parseTimeWhenCanonicalShapeButNotADateThenAsTheGeneralParser() {
        for (String text :
                List.of(
                        "2025-02-29T10:02:00.123Z",
                        "2025-13-01T10:02:00.123Z",
                        "2025-00-10T10:02:00.123Z",
                        "2025-04-31T10:02:00.123Z",
                        "2025-11-29T24:00:00.000Z",
                        "2025-11-29T23:60:00.000Z",
                        "2025-11-29T23:59:60.000Z",
                        "2025-1a-29T10:02:00.123Z",
                        "2025-11-29T10:02:00.1-3Z",
                        "2025-11-29t10:02:00.123Z",
                        "2025-11-29T10:02:00.123z",
                        "1969-12-31T23:59:59.999Z")) {
            Object expected;
            try {
                expected = general(text);
            } catch (DateTimeParseException e) {
                expected = DateTimeParseException.class;
            }
            Object actual;
            try {
                actual = EventTypes.parseTime(text);
            } catch (DateTimeParseException e) {
                actual = DateTimeParseException.class;
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
        assertThatThrownBy(() -> EventTypes.parseTime("2025-02-29T10:02:00.123Z"))
                .isInstanceOf(DateTimeParseException.class);
        assertThat(EventTypes.parseTime("1969-12-31T23:59:59.999Z")).isEqualTo(-1L);
    }

    private static long general(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant()
                .toEpochMilli();
    }

    @Test
    void parseTimeWhenNoOffsetThenRefused() {
        assertThatThrownBy(() -> EventTypes.parseTime("2025-11-29T10:02:00"))
                .isInstanceOf(DateTimeParseException.class);
    }
}
