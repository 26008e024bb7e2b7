package dev.grantwire.events;

/**
 * A record of a known type that cannot be decoded: missing or invalid headers, data that is not
 * JSON, a missing or mistyped field, or a value that breaks an invariant of the event. Never
 * silently dropped: the producer has a bug, and the reader fails closed.
 */
public final class MalformedEventException extends FeedDecodeException {

    private static final long serialVersionUID = 1L;

    MalformedEventException(String message, String eventId, String eventType, Throwable cause) {
        super(message, eventId, eventType, cause);
    }
}
