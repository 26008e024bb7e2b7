package dev.grantwire.guard;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationEvent;

/**
 * Receives what a {@link FeedReader} reads, on the reader's own thread, in topic order.
 *
 * <p>An exception thrown here is not swallowed: the reader logs it and delivers the same record
 * again after a pause, so a listener that persists state (grant-service) never skips a revocation.
 */
public interface FeedListener {

    /** A revocation, with the topic offset it was read at. */
    void onRevocation(RevocationEvent event, long offset);

    /** A heartbeat: every revocation with {@code revokedAt < watermark} is on the topic. */
    default void onHeartbeat(FeedHeartbeat heartbeat, long offset) {}
}
