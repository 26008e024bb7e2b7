package dev.grantwire.guard.quarkus;

import dev.grantwire.guard.GuardObserver;
import dev.grantwire.guard.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The guard's Micrometer metrics (needs {@code quarkus-micrometer}; leave it out with the build
 * property {@code grantwire.guard.metrics.enabled=false}):
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>{@code grantwire.guard.events.applied}</td><td>counter</td>
 *       <td>revocations applied to the table</td></tr>
 *   <tr><td>{@code grantwire.guard.apply.latency}</td><td>timer (histogram)</td>
 *       <td>from an event's {@code revokedAt} to its application here</td></tr>
 *   <tr><td>{@code grantwire.guard.watermark.age}</td><td>gauge, seconds</td>
 *       <td>now minus the latest watermark W (NaN before the first)</td></tr>
 *   <tr><td>{@code grantwire.guard.consumer.lag}</td><td>gauge, records</td>
 *       <td>records of the topic not read yet, as of the last fetch (NaN before the first)</td></tr>
 *   <tr><td>{@code grantwire.guard.refusals}</td><td>counter, tag {@code reason}</td>
 *       <td>refused requests: missing, invalid, expired, revoked, insufficient_scope,
 *       not_ready, stale</td></tr>
 *   <tr><td>{@code grantwire.guard.table.size}</td><td>gauge</td>
 *       <td>revocation entries held</td></tr>
 *   <tr><td>{@code grantwire.guard.heartbeats.ignored}</td><td>counter</td>
 *       <td>heartbeats that did not move W: from another source than revocation-service, or
 *       claiming a time more than S ahead (a forger with write access; alert on any)</td></tr>
 *   <tr><td>{@code grantwire.guard.revocations.foreign}</td><td>counter</td>
 *       <td>revocations applied whose source was not revocation-service (alert on any)</td></tr>
 *   <tr><td>{@code grantwire.guard.clock.offset}</td><td>gauge, seconds</td>
 *       <td>this host's clock minus revocation-service's database clock, from the live
 *       heartbeats (NaN before the first)</td></tr>
 *   <tr><td>{@code grantwire.guard.clock.skew.exceeded}</td><td>gauge, 0 or 1</td>
 *       <td>1 while that offset is beyond S either way (alert on it)</td></tr>
 * </table>
 */
@ApplicationScoped
@IfBuildProperty(name = "grantwire.guard.enabled", stringValue = "true", enableIfMissing = true)
@IfBuildProperty(
        name = "grantwire.guard.metrics.enabled",
        stringValue = "true",
        enableIfMissing = true)
public class GuardMetrics implements GuardObserver {

    private final Counter applied;
    private final Timer latency;
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final MeterRegistry registry;
    private final GuardFeed feed;

    GuardMetrics(MeterRegistry registry, GuardFeed feed) {
        this.registry = registry;
        this.feed = feed;
        this.applied =
                Counter.builder("grantwire.guard.events.applied")
                        .description("Revocations applied to the guard's table")
                        .register(registry);
        this.latency =
                Timer.builder("grantwire.guard.apply.latency")
                        .description("From a revocation's revokedAt to its application here")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry);
        for (Refusal refusal : Refusal.values()) {
            refusals.put(
                    refusal,
                    Counter.builder("grantwire.guard.refusals")
                            .description("Requests refused by the guard")
                            .tag("reason", refusal.metricName())
                            .register(registry));
        }
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("grantwire.guard.watermark.age", feed, GuardMetrics::watermarkAgeSeconds)
                .description("Seconds since the latest revocation feed watermark")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("grantwire.guard.consumer.lag", feed, f -> f.lag() < 0 ? Double.NaN : f.lag())
                .description("Records of the revocation topic not read yet (NaN before the first)")
                .register(registry);
        Gauge.builder("grantwire.guard.table.size", feed, f -> f.table().size())
                .description("Revocation entries held")
                .register(registry);
        FunctionCounter.builder(
                        "grantwire.guard.heartbeats.ignored", feed, GuardFeed::heartbeatsIgnored)
                .description("Heartbeats ignored: another source, or a time in the future")
                .register(registry);
        FunctionCounter.builder(
                        "grantwire.guard.revocations.foreign", feed, GuardFeed::foreignRevocations)
                .description("Revocations applied whose source was not revocation-service")
                .register(registry);
        Gauge.builder("grantwire.guard.clock.offset", feed, GuardFeed::clockOffsetSeconds)
                .description("This host's clock minus revocation-service's database clock")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "grantwire.guard.clock.skew.exceeded",
                        feed,
                        f -> f.clockSkewExceeded() ? 1 : 0)
                .description("1 while this host's clock is off by more than S")
                .register(registry);
    }

    private static double watermarkAgeSeconds(GuardFeed feed) {
        long watermark = feed.watermark();
        return watermark < 0 ? Double.NaN : (System.currentTimeMillis() - watermark) / 1000.0;
    }

    @Override
    public void revocationApplied(long latencyMillis) {
        applied.increment();
        latency.record(Math.max(0, latencyMillis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }
}
