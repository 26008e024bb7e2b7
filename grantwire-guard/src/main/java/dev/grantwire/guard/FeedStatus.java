package dev.grantwire.guard;

/**
 * A snapshot of a {@link FeedReader}'s progress. Immutable.
 *
 * @param caughtUp the reader has read up to the end offset it saw when it started
 * @param watermark the latest heartbeat's watermark in epoch milliseconds, or {@code -1} before the
 *     first heartbeat
 * @param eventsApplied revocations delivered to the listener since start
 * @param position the next offset to read, or {@code -1} before the first seek
 * @param failure why the reader stopped applying (an event it must understand but cannot), or
 *     {@code null}; a reader with a failure must be treated as failed closed
 */
public record FeedStatus(
        boolean caughtUp, long watermark, long eventsApplied, long position, String failure) {

    /** True when the reader hit an event it must understand and cannot: refuse delegated tokens. */
    public boolean failedClosed() {
        return failure != null;
    }
}
