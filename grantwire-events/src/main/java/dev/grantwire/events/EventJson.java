package dev.grantwire.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON form of the event data, written and read field by field so the wire format is exactly
 * what the schemas and the README say, whatever Jackson's defaults become. Absent optional fields
 * are omitted on write; on read, absent and {@code null} mean the same, and unknown fields are
 * ignored (additive changes are allowed within a version). Duplicate fields are refused, since
 * which one wins would differ between JSON libraries. Thread-safe.
 */
final class EventJson {

    static final String KIND = "kind";
    static final String SUBJECT = "subject";
    static final String SCOPE = "scope";
    static final String CLIENT_ID = "clientId";
    static final String USER_ID = "userId";
    static final String REVOKED_AT = "revokedAt";
    static final String CUTOFF = "cutoff";
    static final String EXPIRES_AT = "expiresAt";
    static final String REASON = "reason";
    static final String ACTOR = "actor";
    static final String SEQUENCE = "sequence";
    static final String WATERMARK = "watermark";
    static final String LATEST_SEQUENCE = "latestSequence";
    static final String EMITTED_AT = "emittedAt";

    private final ObjectMapper mapper =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    byte[] write(FeedEvent event) {
        ObjectNode node = mapper.createObjectNode();
        if (event instanceof RevocationEvent r) {
            node.put(KIND, r.kind().jsonName());
            node.put(SUBJECT, r.subject());
            if (r.scope() != null) {
                node.put(SCOPE, r.scope().jsonName());
            }
            putIfPresent(node, CLIENT_ID, r.clientId());
            putIfPresent(node, USER_ID, r.userId());
            node.put(REVOKED_AT, r.revokedAt());
            if (r.cutoff() != null) {
                node.put(CUTOFF, r.cutoff().longValue());
            }
            node.put(EXPIRES_AT, r.expiresAt());
            node.put(REASON, r.reason());
            node.put(ACTOR, r.actor());
            node.put(SEQUENCE, r.sequence());
        } else if (event instanceof FeedHeartbeat h) {
            node.put(WATERMARK, h.watermark());
            node.put(LATEST_SEQUENCE, h.latestSequence());
            node.put(EMITTED_AT, h.emittedAt());
        }
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a tree of strings and numbers", e);
        }
    }

    /**
     * Reads revocation data.
     *
     * @throws IOException if the bytes are not one JSON value
     * @throws IllegalArgumentException naming the field, if a field is missing, mistyped or breaks
     *     an invariant
     */
    RevocationEvent readRevocation(byte[] value) throws IOException {
        JsonNode node = readObject(value);
        String scope = optionalText(node, SCOPE);
        return new RevocationEvent(
                RevocationKind.fromJsonName(requiredText(node, KIND)),
                requiredText(node, SUBJECT),
                scope == null ? null : RevocationScope.fromJsonName(scope),
                optionalText(node, CLIENT_ID),
                optionalText(node, USER_ID),
                requiredLong(node, REVOKED_AT),
                optionalLong(node, CUTOFF),
                requiredLong(node, EXPIRES_AT),
                requiredText(node, REASON),
                requiredText(node, ACTOR),
                requiredLong(node, SEQUENCE));
    }

    /** Reads heartbeat data; throws like {@link #readRevocation(byte[])}. */
    FeedHeartbeat readHeartbeat(byte[] value) throws IOException {
        JsonNode node = readObject(value);
        return new FeedHeartbeat(
                requiredLong(node, WATERMARK),
                requiredLong(node, LATEST_SEQUENCE),
                requiredLong(node, EMITTED_AT));
    }

    private JsonNode readObject(byte[] value) throws IOException {
        JsonNode node = mapper.readTree(value);
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("data is empty, expected a JSON object");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "data must be a JSON object but is " + node.getNodeType().name().toLowerCase());
        }
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(
                    "field '" + field + "' must be a string but is " + describe(value));
        }
        return value.textValue();
    }

    private static long requiredLong(JsonNode node, String field) {
        Long value = optionalLong(node, field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    private static Long optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(
                    "field '" + field + "' must be an integer (int64) but is " + describe(value));
        }
        return value.longValue();
    }

    private static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase() + " " + value;
    }

    private static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("field '" + field + "' is required");
    }
}
