package dev.grantwire.events;

import java.util.Objects;

/**
 * What {@link FeedCodec#decode(java.util.Map, byte[])} made of a record: an {@link Event} to apply,
 * or a record {@link Skipped} because its type need not be understood. A record that must be
 * understood but cannot be is never a {@code Decoded}: decoding throws a {@link
 * FeedDecodeException} instead.
 *
 * <p>Java 17 readers branch with {@code instanceof}:
 *
 * <pre>{@code
 * Decoded decoded = codec.decode(headers, value);
 * if (decoded instanceof Decoded.Event e && e.event() instanceof RevocationEvent r) {
 *     table.apply(r);
 * } else if (decoded instanceof Decoded.Event e && e.event() instanceof FeedHeartbeat h) {
 *     watermark.advance(h.watermark());
 * } // Decoded.Skipped: nothing to do (log it at debug)
 * }</pre>
 *
 * <p>Implementations are immutable records and thread-safe.
 */
public sealed interface Decoded permits Decoded.Event, Decoded.Skipped {

    /**
     * A record of a known type, with its CloudEvents attributes.
     *
     * @param id {@code ce_id}, not blank (a UUID from Grantwire producers)
     * @param source {@code ce_source}, e.g. {@code /revocation-service}
     * @param time {@code ce_time}, epoch milliseconds UTC
     * @param event the event data
     */
    record Event(String id, String source, long time, FeedEvent event) implements Decoded {
        /** Checks that no component is null. */
        public Event {
            Objects.requireNonNull(id, "id must not be null");
            Objects.requireNonNull(source, "source must not be null");
            Objects.requireNonNull(event, "event must not be null");
        }
    }

    /**
     * A record of a type (or spec version) this reader does not know, marked {@code
     * ce_mustunderstand=false}: skip it.
     *
     * @param id {@code ce_id}; nullable (absent header)
     * @param type {@code ce_type}; nullable (absent header)
     * @param reason why it was skipped, for logs
     */
    record Skipped(String id, String type, String reason) implements Decoded {
        /** Checks that the reason is present. */
        public Skipped {
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }
}
