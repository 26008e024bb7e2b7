package dev.grantwire.events;

/**
 * A record on the revocation topic that a reader must not pass over: it may be a revocation, and
 * skipping it could let a revoked token through. A reader that gets one <b>fails closed</b>: it
 * stops accepting delegated tokens (503), alerts, and does not move past the record on its own.
 *
 * <p>Instances are immutable; the getters may return {@code null} when the header was absent.
 */
public abstract sealed class FeedDecodeException extends RuntimeException
        permits MustUnderstandException, MalformedEventException {

    private static final long serialVersionUID = 1L;

    /** The record's {@code ce_id}; nullable. */
    private final String eventId;

    /** The record's {@code ce_type}; nullable. */
    private final String eventType;

    FeedDecodeException(String message, String eventId, String eventType, Throwable cause) {
        super(message, cause);
        this.eventId = eventId;
        this.eventType = eventType;
    }

    /** The record's {@code ce_id}; nullable. */
    public String eventId() {
        return eventId;
    }

    /** The record's {@code ce_type}; nullable. */
    public String eventType() {
        return eventType;
    }
}
