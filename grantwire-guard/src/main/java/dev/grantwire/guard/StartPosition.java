package dev.grantwire.guard;

import java.time.Instant;

/** Where a {@link FeedReader} starts reading the one partition of the revocation topic. */
public sealed interface StartPosition {

    /**
     * The first record appended at or after {@code time} (sound because the topic uses {@code
     * LogAppendTime}); the end of the log if there is none. What a guard uses: everything older
     * than the longest token lifetime plus the margins cannot refuse a live token.
     */
    static StartPosition atTime(Instant time) {
        return new AtTime(time);
    }

    /** Exactly {@code offset}: a durable consumer resuming after the last offset it applied. */
    static StartPosition atOffset(long offset) {
        return new AtOffset(offset);
    }

    /** See {@link #atTime(Instant)}. */
    record AtTime(Instant time) implements StartPosition {}

    /** See {@link #atOffset(long)}. */
    record AtOffset(long offset) implements StartPosition {}
}
