package dev.grantwire.events;

/**
 * The producer's watermark, published about every second ({@link EventTypes#FEED_HEARTBEAT_V1}):
 * <b>every revocation with {@code revokedAt < watermark} is already on the topic</b>, at an offset
 * before this heartbeat.
 *
 * <p>Consumers keep the latest heartbeat's watermark W and refuse delegated tokens while {@code now
 * - W > B} ({@link RevocationBounds#isStale(long, long)}). revocation-service computes W from its
 * database alone, with the database's clock, as {@code min(h, revokedAt of the oldest
 * unacknowledged outbox row)} where h is the database time read under the heartbeat lock.
 *
 * <p>Immutable and thread-safe.
 *
 * @param watermark W, epoch milliseconds UTC; positive and not after {@code emittedAt}
 * @param latestSequence the highest ledger {@code sequence} committed when W was taken; 0 when the
 *     ledger is empty
 * @param emittedAt h, the database time at which W was computed, epoch milliseconds UTC; positive
 */
public record FeedHeartbeat(long watermark, long latestSequence, long emittedAt)
        implements FeedEvent {

    /** The Kafka record key of every heartbeat. */
    public static final String KEY = "heartbeat";

    /**
     * Validates the heartbeat.
     *
     * @throws IllegalArgumentException if a time is not positive, {@code latestSequence} is
     *     negative or {@code watermark > emittedAt}
     */
    public FeedHeartbeat {
        if (watermark <= 0) {
            throw new IllegalArgumentException(
                    "FeedHeartbeat.watermark must be positive epoch milliseconds but is "
                            + watermark);
        }
        if (emittedAt <= 0) {
            throw new IllegalArgumentException(
                    "FeedHeartbeat.emittedAt must be positive epoch milliseconds but is "
                            + emittedAt);
        }
        if (latestSequence < 0) {
            throw new IllegalArgumentException(
                    "FeedHeartbeat.latestSequence must be >= 0 but is " + latestSequence);
        }
        if (watermark > emittedAt) {
            throw new IllegalArgumentException(
                    "FeedHeartbeat.watermark ("
                            + watermark
                            + ") must not be after emittedAt ("
                            + emittedAt
                            + ")");
        }
    }

    /** {@link EventTypes#FEED_HEARTBEAT_V1}. */
    @Override
    public String type() {
        return EventTypes.FEED_HEARTBEAT_V1;
    }

    /** {@value #KEY}. */
    @Override
    public String key() {
        return KEY;
    }

    /** {@code emittedAt}. */
    @Override
    public long eventTime() {
        return emittedAt;
    }

    /** {@code false}: a reader may skip heartbeat types it does not know (and then goes stale). */
    @Override
    public boolean mustUnderstand() {
        return false;
    }
}
