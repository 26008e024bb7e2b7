package dev.grantwire.grant.service;

import dev.grantwire.guard.FeedStatus;

/**
 * This replica's view of the revocation feed, as the durable consumer ({@code
 * messaging.RevocationFeedConsumer}) keeps it: the use cases ask it, the consumer implements it, so
 * the token path never reaches into messaging.
 */
public interface FeedView {

    /** How far the view is: caught up, its watermark, failed closed. */
    FeedStatus status();
}
