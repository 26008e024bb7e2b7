package dev.grantwire.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns {@link FeedEvent}s into Kafka records and back, in CloudEvents 1.0 binary content mode (<a
 * href="https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md#32-binary-content-mode">Kafka
 * protocol binding, section 3.2</a>).
 *
 * <h2>Decoding rules</h2>
 *
 * <ol>
 *   <li>{@code ce_specversion} other than {@code 1.0} (or absent, as in structured mode), or a
 *       {@code ce_type} that is absent or not {@linkplain EventTypes#KNOWN known}: the record is
 *       {@link Decoded.Skipped} when {@code ce_mustunderstand} is exactly {@code false}; otherwise
 *       (true, absent or anything else) {@link MustUnderstandException}: fail closed.
 *   <li>A known type: {@code ce_id}, {@code ce_source} and {@code ce_time} are required, {@code
 *       content-type} when present must be {@code application/json}, the data must be a JSON object
 *       with every required field of the right type and satisfy the record's invariants, and a
 *       revocation's {@code ce_subject}, when present, must equal its key. Anything else is a
 *       {@link MalformedEventException}: fail closed, never dropped. {@code ce_mustunderstand} is
 *       not consulted for known types.
 *   <li>Unknown JSON fields in a known type are ignored: a field may be added within a version.
 * </ol>
 *
 * <p>Header maps hold text: convert Kafka's {@code byte[]} header values with UTF-8, taking the
 * last value of a repeated header (Kafka's {@code lastHeader}); {@code null} values count as
 * absent.
 *
 * <p>Stateless apart from a configured Jackson mapper: one instance may be shared by all threads.
 */
public final class FeedCodec {

    private static final String MUST_NOT_BE_UNDERSTOOD = "false";

    private final EventJson json = new EventJson();

    /** A codec; cheap to keep, so keep one. */
    public FeedCodec() {}

    /**
     * Encodes an event with a fresh random event id.
     *
     * @see #encode(FeedEvent, String, UUID)
     */
    public EncodedEvent encode(FeedEvent event, String source) {
        return encode(event, source, UUID.randomUUID());
    }

    /**
     * Encodes an event as a Kafka record.
     *
     * <p>Headers: {@code ce_specversion=1.0}, {@code ce_id}, {@code ce_source}, {@code ce_type},
     * {@code ce_subject} (revocations only: the key), {@code ce_time} (the event's {@link
     * FeedEvent#eventTime()}), {@code ce_mustunderstand} ({@code true} for revocations, {@code
     * false} for heartbeats) and {@code content-type=application/json}.
     *
     * @param event the event
     * @param source the producer, a URI reference such as {@code /revocation-service}
     * @param eventId the event id; a retry of the same send may reuse it, though readers do not
     *     rely on ids to deduplicate (applying is idempotent)
     * @throws IllegalArgumentException if {@code source} is blank or not a URI reference
     */
    public EncodedEvent encode(FeedEvent event, String source, UUID eventId) {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(eventId, "eventId must not be null");
        checkSource(source);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EventTypes.CE_SPECVERSION, EventTypes.SPEC_VERSION);
        headers.put(EventTypes.CE_ID, eventId.toString());
        headers.put(EventTypes.CE_SOURCE, source);
        headers.put(EventTypes.CE_TYPE, event.type());
        if (event instanceof RevocationEvent) {
            headers.put(EventTypes.CE_SUBJECT, event.key());
        }
        headers.put(EventTypes.CE_TIME, EventTypes.formatTime(event.eventTime()));
        headers.put(EventTypes.CE_MUSTUNDERSTAND, Boolean.toString(event.mustUnderstand()));
        headers.put(EventTypes.CONTENT_TYPE, EventTypes.CONTENT_TYPE_JSON);
        return new EncodedEvent(headers, json.write(event), event.key());
    }

    /**
     * Decodes a Kafka record following the rules in the class description.
     *
     * @param headers the record's headers as UTF-8 text
     * @param value the record's value; nullable (a record without data)
     * @return the event with its attributes, or a skipped record
     * @throws MustUnderstandException if the type or spec version is unknown and must be understood
     * @throws MalformedEventException if the type is known but the record is not valid
     */
    public Decoded decode(Map<String, String> headers, byte[] value) {
        Objects.requireNonNull(headers, "headers must not be null");
        String id = headers.get(EventTypes.CE_ID);
        String type = headers.get(EventTypes.CE_TYPE);
        String specVersion = headers.get(EventTypes.CE_SPECVERSION);
        if (!EventTypes.SPEC_VERSION.equals(specVersion)) {
            return notUnderstood(
                    headers,
                    id,
                    type,
                    "unsupported CloudEvents spec version " + quote(specVersion));
        }
        if (type == null || !EventTypes.KNOWN.contains(type)) {
            return notUnderstood(headers, id, type, "unknown event type " + quote(type));
        }
        Malformed malformed = new Malformed(id, type);
        if (id == null || id.isBlank()) {
            throw malformed.because("header ce_id is required", null);
        }
        String source = headers.get(EventTypes.CE_SOURCE);
        if (source == null || source.isBlank()) {
            throw malformed.because("header ce_source is required", null);
        }
        long time = parseTime(headers.get(EventTypes.CE_TIME), malformed);
        checkContentType(headers.get(EventTypes.CONTENT_TYPE), malformed);
        if (value == null) {
            throw malformed.because("the record has no data", null);
        }
        FeedEvent event = readData(type, value, malformed);
        String subject = headers.get(EventTypes.CE_SUBJECT);
        if (event instanceof RevocationEvent && subject != null && !subject.equals(event.key())) {
            throw malformed.because(
                    "header ce_subject " + quote(subject) + " differs from key " + event.key(),
                    null);
        }
        return new Decoded.Event(id, source, time, event);
    }

    private FeedEvent readData(String type, byte[] value, Malformed malformed) {
        try {
            return type.equals(EventTypes.REVOCATION_CREATED_V1)
                    ? json.readRevocation(value)
                    : json.readHeartbeat(value);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where =
                    at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw malformed.because("data is not valid JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw malformed.because("data cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw malformed.because(e.getMessage(), e);
        }
    }

    private static Decoded notUnderstood(
            Map<String, String> headers, String id, String type, String problem) {
        String mustUnderstand = headers.get(EventTypes.CE_MUSTUNDERSTAND);
        if (MUST_NOT_BE_UNDERSTOOD.equals(mustUnderstand)) {
            return new Decoded.Skipped(id, type, problem + ", marked ce_mustunderstand=false");
        }
        String marking =
                mustUnderstand == null
                        ? "ce_mustunderstand is absent, which counts as true"
                        : "ce_mustunderstand=" + quote(mustUnderstand);
        throw new MustUnderstandException(
                "event "
                        + quote(id)
                        + ": "
                        + problem
                        + " and "
                        + marking
                        + ": this reader is too old for the topic; fail closed and upgrade it",
                id,
                type);
    }

    private static long parseTime(String text, Malformed malformed) {
        if (text == null) {
            throw malformed.because("header ce_time is required", null);
        }
        try {
            return EventTypes.parseTime(text);
        } catch (DateTimeParseException e) {
            throw malformed.because(
                    "header ce_time must be an RFC 3339 date-time but is " + quote(text), e);
        }
    }

    private static void checkContentType(String contentType, Malformed malformed) {
        if (contentType == null) {
            return;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(EventTypes.CONTENT_TYPE_JSON)) {
            throw malformed.because(
                    "header content-type must be application/json but is " + quote(contentType),
                    null);
        }
    }

    private static void checkSource(String source) {
        Objects.requireNonNull(source, "source must not be null");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "source must be a URI reference such as /revocation-service but is "
                            + quote(source),
                    e);
        }
    }

    private static String quote(String text) {
        return text == null ? "(absent)" : "'" + text + "'";
    }

    /** Builds {@link MalformedEventException}s that name the record. */
    private record Malformed(String id, String type) {
        MalformedEventException because(String problem, Throwable cause) {
            return new MalformedEventException(
                    "malformed " + type + " event " + quote(id) + ": " + problem, id, type, cause);
        }
    }
}
