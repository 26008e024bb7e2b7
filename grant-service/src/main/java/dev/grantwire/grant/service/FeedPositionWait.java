package dev.grantwire.grant.service;

import dev.grantwire.grant.config.FeedConfig;
import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

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
    private final FeedView feed;
    private final FeedConfig config;
    private final TokensConfig tokens;

    FeedPositionWait(
            AppliedRevocationRepository position,
            FeedView feed,
            FeedConfig config,
            TokensConfig tokens) {
        this.position = position;
        this.feed = feed;
        this.config = config;
        this.tokens = tokens;
    }

    /**
     * Returns once the sequence is applied, or once this replica has applied a heartbeat whose
     * watermark is past this call's arrival plus the clock skew S: revocation-service answered the
     * revoke before consent-service called here, so its revocation was committed before then and
     * the watermark covers it. A sequence still missing at that point was never recorded (or was
     * applied long ago and forgotten), and no wait could change that; before this rule, such a
     * sequence held a worker for the whole timeout, reading the database every 20 ms.
     *
     * @throws ProblemException 400 for a sequence below 1; 503 when neither happens within the
     *     configured timeout (the feed is stalled)
     */
    public void awaitApplied(long sequence) {
        await(
                sequence,
                position::isApplied,
                () -> feed.status().watermark(),
                config.readYourWritesTimeout(),
                tokens.clockSkew());
    }

    /** The wait itself, on what it reads: whether a sequence is applied, and the watermark. */
    static void await(
            long sequence,
            LongPredicate applied,
            LongSupplier watermark,
            Duration timeout,
            Duration clockSkew) {
        if (sequence < 1) {
            throw ProblemException.badRequest("revocationSequence must be a positive number");
        }
        Instant arrived = Instant.now();
        Instant deadline = arrived.plus(timeout);
        long covered = arrived.plus(clockSkew).toEpochMilli();
        // The exact sequence, not the highest applied: concurrent revocations can reach the topic
        // out of sequence order.
        while (!applied.test(sequence)) {
            // W covers revocations revoked strictly before it.
            if (watermark.getAsLong() > covered) {
                return;
            }
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
