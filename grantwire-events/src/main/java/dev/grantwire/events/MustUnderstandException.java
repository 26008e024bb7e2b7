package dev.grantwire.events;

/**
 * A record of a type or CloudEvents spec version this reader does not know, which it must
 * understand: {@code ce_mustunderstand} is {@code "true"}, or missing or garbled (which counts as
 * {@code "true"}). The reader is too old for the topic: fail closed and upgrade it.
 */
public final class MustUnderstandException extends FeedDecodeException {

    private static final long serialVersionUID = 1L;

    MustUnderstandException(String message, String eventId, String eventType) {
        super(message, eventId, eventType, null);
    }
}
