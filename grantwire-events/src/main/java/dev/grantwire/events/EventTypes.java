package dev.grantwire.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The CloudEvents types on the revocation topic and the Kafka header names that carry the event
 * attributes in binary content mode.
 *
 * <p>Binary mode, per the <a
 * href="https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md#32-binary-content-mode">CloudEvents
 * Kafka protocol binding, section 3.2</a>: each attribute is a record header named {@code ce_} plus
 * the attribute name, its value UTF-8 text; {@code datacontenttype} maps to the {@code
 * content-type} header; the record value is the event data. {@code mustunderstand} is a Grantwire
 * extension attribute (see {@link #CE_MUSTUNDERSTAND}).
 *
 * <p>This class only holds constants and pure functions; it is thread-safe.
 */
public final class EventTypes {

    /** A revocation was recorded; data: {@link RevocationEvent}. Must be understood. */
    public static final String REVOCATION_CREATED_V1 = "dev.grantwire.revocation.created.v1";

    /** The producer's watermark; data: {@link FeedHeartbeat}. Need not be understood. */
    public static final String FEED_HEARTBEAT_V1 = "dev.grantwire.feed.heartbeat.v1";

    /** The types this version of the contract understands. */
    public static final Set<String> KNOWN = Set.of(REVOCATION_CREATED_V1, FEED_HEARTBEAT_V1);

    /** The only CloudEvents spec version this contract speaks. */
    public static final String SPEC_VERSION = "1.0";

    /** The data content type of every known type: UTF-8 JSON. */
    public static final String CONTENT_TYPE_JSON = "application/json";

    /** Header {@code ce_specversion}: always {@value #SPEC_VERSION}. */
    public static final String CE_SPECVERSION = "ce_specversion";

    /** Header {@code ce_id}: the event id, a UUID in text form; unique per published event. */
    public static final String CE_ID = "ce_id";

    /**
     * Header {@code ce_source}: the producer, a URI reference such as {@code /revocation-service}.
     */
    public static final String CE_SOURCE = "ce_source";

    /** Header {@code ce_type}: one of the types above (or a newer one a reader may not know). */
    public static final String CE_TYPE = "ce_type";

    /**
     * Header {@code ce_subject}: the revocation key, e.g. {@code grant:<id>}; absent on heartbeats.
     */
    public static final String CE_SUBJECT = "ce_subject";

    /**
     * Header {@code ce_time}: RFC 3339 UTC text with millisecond precision, e.g. {@code
     * 2025-11-29T10:12:00.123Z}; a revocation's {@code revokedAt}, a heartbeat's {@code emittedAt}.
     */
    public static final String CE_TIME = "ce_time";

    /**
     * Header {@code ce_mustunderstand}: {@code "true"} when a reader that does not know the type
     * (or spec version) must fail closed rather than skip it, {@code "false"} when it may skip it.
     * A missing or garbled value counts as {@code "true"}.
     */
    public static final String CE_MUSTUNDERSTAND = "ce_mustunderstand";

    /** Header {@code content-type}: {@value #CONTENT_TYPE_JSON}. */
    public static final String CONTENT_TYPE = "content-type";

    private static final DateTimeFormatter RFC_3339_UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventTypes() {}

    /**
     * Formats a time for the {@value #CE_TIME} header.
     *
     * @param epochMillis epoch milliseconds UTC
     * @return RFC 3339 text in UTC with exactly three fraction digits, e.g. {@code
     *     2023-11-14T22:13:20.123Z}
     */
    public static String formatTime(long epochMillis) {
        return RFC_3339_UTC_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Parses a {@value #CE_TIME} header. Any RFC 3339 date-time is accepted (any offset, any number
     * of fraction digits), since producers in other languages format it their own way.
     *
     * @param text the header value
     * @return epoch milliseconds UTC, sub-millisecond digits truncated
     * @throws DateTimeParseException if the text is not an RFC 3339 date-time
     */
    public static long parseTime(String text) {
        long canonical = parseCanonicalTime(text);
        if (canonical >= 0) {
            return canonical;
        }
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant()
                .toEpochMilli();
    }

    /**
     * The form {@link #formatTime} writes ({@code uuuu-MM-ddTHH:mm:ss.SSSZ}, every event of a
     * Grantwire producer) read by hand: a guard replaying a long feed spent a fifth of its time in
     * {@code OffsetDateTime.parse}. Anything else, or any field out of range, returns -1 and is
     * left to the general parser, which accepts or refuses it exactly as before.
     */
    private static long parseCanonicalTime(String text) {
        if (text == null
                || text.length() != 24
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return -1;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = digits(text, 20, 3);
        if (year < 1970
                || month < 1
                || month > 12
                || day < 1
                || day > Month.of(month).length(Year.isLeap(year))
                || hour > 23
                || minute > 59
                || second > 59
                || millis < 0) {
            return -1;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1_000L + millis;
    }

    /** The ASCII digits at {@code from} as a number, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
