package dev.grantwire.revocation.messaging;

import dev.grantwire.revocation.config.RevocationConfig;
import dev.grantwire.revocation.persistence.LedgerRepository;
import dev.grantwire.revocation.persistence.LedgerRepository.Entry;
import dev.grantwire.revocation.persistence.OutboxRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Publishes whatever the after-commit send did not get acknowledged (broker down, crash between
 * commit and send): claims unsent rows whose lease is free or expired, rebuilds each event from the
 * ledger, sends it and marks it sent on the broker's acknowledgement. A claim is only a lease: if
 * this replica dies, another takes the rows over once it expires. Also prunes sent rows older than
 * the topic's retention.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** The lease owner of this replica's relay. */
    public static final String OWNER = "relay:" + UUID.randomUUID();

    private final OutboxRepository outbox;
    private final LedgerRepository ledger;
    private final OutboxSender sender;
    private final RevocationConfig config;
    private final FeedMetrics metrics;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "outbox-relay");
                        thread.setDaemon(true);
                        return thread;
                    });

    OutboxRelay(
            OutboxRepository outbox,
            LedgerRepository ledger,
            OutboxSender sender,
            RevocationConfig config,
            FeedMetrics metrics) {
        this.outbox = outbox;
        this.ledger = ledger;
        this.sender = sender;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Quarkus's scheduler ticks once a second at best, so the relay has its own timer thread: runs
     * never overlap (fixed delay) and honour intervals under a second.
     */
    void start(@Observes StartupEvent startup) {
        long interval = config.relayInterval().toMillis();
        timer.scheduleWithFixedDelay(this::scheduled, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    void scheduled() {
        try {
            relay();
        } catch (RuntimeException e) {
            LOG.debugf("Relay run failed: %s", e);
        }
    }

    @Scheduled(
            every = "${grantwire.revocation.prune-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPrune() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.debugf("Prune failed: %s", e);
        }
    }

    /**
     * One relay run: claims, sends and waits (up to the lease) for the acknowledgements.
     *
     * @return how many rows were acknowledged and marked sent
     */
    public int relay() {
        List<Long> claimed = outbox.claim(OWNER, config.relayLease(), config.relayBatch());
        int sent = 0;
        if (!claimed.isEmpty()) {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (Entry entry : ledger.findBySequences(claimed)) {
                sends.add(sender.send(entry.event(), entry.eventId(), OWNER, "relay"));
            }
            for (CompletableFuture<Void> send : sends) {
                try {
                    send.get(config.relayLease().toMillis(), TimeUnit.MILLISECONDS);
                    sent++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    // Left unsent, lease released: the next run retries.
                }
            }
        }
        metrics.backlog(outbox.backlog());
        return sent;
    }

    /** Deletes sent rows older than the topic's retention; how many. */
    public int prune() {
        return outbox.prune(config.outboxRetention());
    }
}
