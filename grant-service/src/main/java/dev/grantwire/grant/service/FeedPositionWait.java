package dev.grantwire.grant.service;

import dev.grantwire.grant.config.FeedConfig;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes after a revoke (docs/ARCHITECTURE.md, "grant-service's position and
 * read-your-writes"): revocation-service answers a revoke with its ledger {@code sequence};
 * consent-service passes it with the next consent, and grant-service waits until it has applied
 * that position, so authorizing again right after a revoke never lands on the doomed grant. Called
 * outside any transaction.
 */
@ApplicationScoped
public class FeedPositionWait {

    private static final long POLL_NANOS = 20_000_000;

    private final AppliedRevocationRepository position;
    private final FeedConfig config;

    FeedPositionWait(AppliedRevocationRepository position, FeedConfig config) {
        this.position = position;
        this.config = config;
    }

    /**
     * Returns once the sequence is applied.
     *
     * @throws ProblemException 503 when it is not applied within the configured timeout
     */
    public void awaitApplied(long sequence) {
        Instant deadline = Instant.now().plus(config.readYourWritesTimeout());
        // The exact sequence, not the highest applied: concurrent revocations can reach the topic
        // out of sequence order.
        while (!position.isApplied(sequence)) {
            if (Instant.now().isAfter(deadline)) {
                throw new ProblemException(
                        503,
                        "Service Unavailable",
                        "revocation " + sequence + " is not applied yet; retry shortly");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
