package dev.grantwire.guard;

/**
 * What the request path needs to know about the revocation feed, read without allocation.
 * Implemented by {@link FeedReader}; implementations must be thread-safe.
 */
public interface FeedView {

    /** True once the feed has been read to the end offset seen at start. */
    boolean caughtUp();

    /** The latest heartbeat's watermark W in epoch milliseconds, or {@code -1} before the first. */
    long watermark();

    /** True if the feed stopped at an event it must understand and cannot. */
    boolean failedClosed();

    /**
     * True while this host's clock is measured behind the feed's producer by more than S: its
     * expiry and staleness checks would then let a token through past the margins the revocation
     * bounds allow for, so delegated tokens are refused as if the feed were stale. False when not
     * measured.
     */
    default boolean clockBehindBeyondSkew() {
        return false;
    }
}
