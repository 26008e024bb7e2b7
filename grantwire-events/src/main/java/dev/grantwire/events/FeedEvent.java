package dev.grantwire.events;

/**
 * An event on the revocation topic that this version of the contract understands: a {@link
 * RevocationEvent} or a {@link FeedHeartbeat}. {@link FeedCodec} encodes and decodes them.
 *
 * <p>Implementations are immutable records and thread-safe.
 */
public sealed interface FeedEvent permits RevocationEvent, FeedHeartbeat {

    /** The CloudEvents type ({@code ce_type}), e.g. {@link EventTypes#REVOCATION_CREATED_V1}. */
    String type();

    /** The Kafka record key: the revocation key, or {@link FeedHeartbeat#KEY} for heartbeats. */
    String key();

    /**
     * The CloudEvents {@code time} ({@code ce_time}), epoch milliseconds UTC: a revocation's {@code
     * revokedAt}, a heartbeat's {@code emittedAt}.
     */
    long eventTime();

    /**
     * Whether a reader that does not know this type must fail closed instead of skipping it ({@code
     * ce_mustunderstand}): {@code true} for revocations, {@code false} for heartbeats.
     */
    boolean mustUnderstand();
}
