package dev.grantwire.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link FeedEvent} as a Kafka record: headers, value and key, ready for any Kafka client.
 *
 * <p>Header values are text; send them as UTF-8 bytes. The key is UTF-8 text too (a string
 * serializer). Immutable and thread-safe: the value array is copied in and out.
 *
 * @param headers the CloudEvents binary-mode headers ({@code ce_*} and {@code content-type}),
 *     unmodifiable, in a stable order
 * @param value the event data, UTF-8 JSON
 * @param key the record key: the revocation key, or {@link FeedHeartbeat#KEY}
 */
public record EncodedEvent(Map<String, String> headers, byte[] value, String key) {

    /** Copies the headers and the value. */
    public EncodedEvent {
        Objects.requireNonNull(headers, "headers must not be null");
        Objects.requireNonNull(value, "value must not be null");
        Objects.requireNonNull(key, "key must not be null");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        value = value.clone();
    }

    /** A copy of the event data, UTF-8 JSON. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedEvent that
                && headers.equals(that.headers)
                && Arrays.equals(value, that.value)
                && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headers, Arrays.hashCode(value), key);
    }

    @Override
    public String toString() {
        return "EncodedEvent[headers="
                + headers
                + ", value="
                + new String(value, StandardCharsets.UTF_8)
                + ", key="
                + key
                + "]";
    }
}
