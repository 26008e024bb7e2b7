package dev.grantwire.revocation.messaging;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.revocation.config.RevocationConfig;
import dev.grantwire.revocation.persistence.WatermarkRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Publishes the watermark W every second: "every revocation with {@code revokedAt < W} is on the
 * topic". Consumers refuse delegated tokens when their latest W is older than B, so a stalled
 * outbox, a stuck commit or a broker outage makes them fail closed instead of trusting a stale
 * view.
 *
 * <p>Any replica may publish; each computes W from the one database, so their beats agree.
 */
@ApplicationScoped
public class HeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    private final WatermarkRepository watermarks;
    private final FeedProducer producer;
    private final RevocationConfig config;
    private final FeedMetrics metrics;

    HeartbeatPublisher(
            WatermarkRepository watermarks,
            FeedProducer producer,
            RevocationConfig config,
            FeedMetrics metrics) {
        this.watermarks = watermarks;
        this.producer = producer;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(
            every = "${grantwire.revocation.heartbeat-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        watermarks
                .read(config.heartbeatLockTimeout())
                .ifPresentOrElse(
                        w ->
                                producer.send(
                                                new FeedHeartbeat(
                                                        w.watermarkMillis(),
                                                        w.latestSequence(),
                                                        w.takenAtMillis()))
                                        .whenComplete(
                                                (metadata, error) -> {
                                                    if (error != null) {
                                                        LOG.debugf("Heartbeat not sent: %s", error);
                                                    } else {
                                                        metrics.watermarkPublished(
                                                                w.watermarkMillis());
                                                    }
                                                }),
                        () -> LOG.debug("Revokes in flight held the ledger lock; beat skipped"));
    }
}
