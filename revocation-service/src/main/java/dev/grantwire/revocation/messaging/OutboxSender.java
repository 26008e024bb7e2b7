package dev.grantwire.revocation.messaging;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.revocation.persistence.OutboxRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends one outbox row's revocation and marks the row sent once (and only once) the broker has
 * acknowledged it. On failure the row stays unsent: its lease is released so the relay retries.
 *
 * <p>Acknowledgements are handled on a small executor of this bean, never on the producer's I/O
 * thread (marking a row sent is a database write).
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);

    private final FeedProducer producer;
    private final OutboxRepository outbox;
    private final FeedMetrics metrics;

    /**
     * Where sends start. KafkaProducer.send blocks its caller for up to {@code max.block.ms} while
     * the broker is unreachable; the commit path calls {@link #send} on the thread that answers the
     * revoke, which must never wait for Kafka (a 2 s answer per revoke during an outage was
     * measured before this executor). One thread keeps the sends in commit order; when it falls
     * behind by {@value #MAX_QUEUED} sends, the others are left to the relay, which finds them in
     * the outbox.
     */
    private static final int MAX_QUEUED = 1_000;

    private final ThreadPoolExecutor sends =
            new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(MAX_QUEUED),
                    runnable -> {
                        Thread thread = new Thread(runnable, "outbox-send");
                        thread.setDaemon(true);
                        return thread;
                    },
                    new ThreadPoolExecutor.AbortPolicy());

    private final ExecutorService acknowledgements =
            Executors.newFixedThreadPool(
                    2,
                    runnable -> {
                        Thread thread = new Thread(runnable, "outbox-ack");
                        thread.setDaemon(true);
                        return thread;
                    });

    OutboxSender(FeedProducer producer, OutboxRepository outbox, FeedMetrics metrics) {
        this.producer = producer;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * Sends a revocation; the future completes once the row is marked sent, or exceptionally if the
     * send failed (the row then stays in the outbox).
     *
     * @param leaseOwner the owner of the row's lease, released if the send fails
     * @param path {@code commit} or {@code relay}, for the latency metric
     */
    public CompletableFuture<Void> send(
            RevocationEvent event, UUID eventId, String leaseOwner, String path) {
        long started = System.nanoTime();
        CompletableFuture<RecordMetadata> acknowledged;
        try {
            acknowledged =
                    CompletableFuture.supplyAsync(() -> producer.send(event, eventId), sends)
                            .thenCompose(sent -> sent);
        } catch (RejectedExecutionException e) {
            acknowledged = CompletableFuture.failedFuture(e);
        }
        return acknowledged.handleAsync(
                (metadata, error) -> {
                    if (error != null) {
                        LOG.debugf(
                                "Revocation %d not sent (%s); the relay retries it",
                                event.sequence(), error.toString());
                        release(event.sequence(), leaseOwner);
                        throw new IllegalStateException(
                                "revocation " + event.sequence() + " not sent", error);
                    }
                    metrics.published(path, Duration.ofNanos(System.nanoTime() - started));
                    outbox.markSent(event.sequence());
                    return null;
                },
                acknowledgements);
    }

    private void release(long sequence, String owner) {
        try {
            outbox.release(sequence, owner);
        } catch (RuntimeException e) {
            LOG.debugf("Could not release the lease of %d: %s", sequence, e);
        }
    }

    @PreDestroy
    void close() {
        sends.shutdown();
        acknowledgements.shutdown();
    }
}
