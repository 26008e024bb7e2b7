package dev.grantwire.revocation.messaging;

import dev.grantwire.revocation.persistence.OutboxRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The feed's metrics: {@code grantwire.revocation.outbox.backlog} (rows not yet acknowledged, as of
 * the relay's last run), {@code grantwire.revocation.outbox.oldest.age} (seconds since the oldest
 * of them was revoked, 0 when none: how late the topic is), {@code
 * grantwire.revocation.publish.latency} (send to broker acknowledgement, tagged {@code
 * path=commit|relay}) and {@code grantwire.revocation.watermark.age} (seconds between now and the W
 * of the last heartbeat the broker acknowledged; grows when beats stop).
 */
@ApplicationScoped
public class FeedMetrics {

    private final MeterRegistry registry;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestUnsent = new AtomicLong();
    private final AtomicLong lastWatermark = new AtomicLong();

    FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("grantwire.revocation.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet acknowledged by the broker")
                .register(registry);
        Gauge.builder(
                        "grantwire.revocation.outbox.oldest.age",
                        oldestUnsent,
                        FeedMetrics::oldestAge)
                .description("Seconds since the oldest unacknowledged revocation was revoked")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("grantwire.revocation.watermark.age", lastWatermark, FeedMetrics::ageSeconds)
                .description("Seconds since the watermark W of the last published heartbeat")
                .baseUnit("seconds")
                .register(registry);
    }

    private static double ageSeconds(AtomicLong watermark) {
        long w = watermark.get();
        return w == 0 ? Double.NaN : (System.currentTimeMillis() - w) / 1000.0;
    }

    private static double oldestAge(AtomicLong oldestRevokedAt) {
        long oldest = oldestRevokedAt.get();
        return oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }

    /** Records the outbox backlog seen by the relay. */
    public void backlog(OutboxRepository.Backlog seen) {
        backlog.set(seen.rows());
        oldestUnsent.set(seen.oldestRevokedAt().map(Instant::toEpochMilli).orElse(0L));
    }

    /** Records the W of a heartbeat the broker acknowledged. */
    public void watermarkPublished(long watermarkMillis) {
        lastWatermark.accumulateAndGet(watermarkMillis, Math::max);
    }

    /** Records one send-to-acknowledgement time. */
    public void published(String path, Duration latency) {
        Timer.builder("grantwire.revocation.publish.latency")
                .description(
                        "Time from handing a revocation to the producer to its acknowledgement")
                .tag("path", path)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }
}
