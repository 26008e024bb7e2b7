package dev.grantwire.grant.messaging;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import dev.grantwire.grant.service.FeedView;
import dev.grantwire.grant.service.RevocationApplier;
import dev.grantwire.guard.FeedListener;
import dev.grantwire.guard.FeedReader;
import dev.grantwire.guard.FeedStatus;
import dev.grantwire.guard.StartPosition;
import dev.grantwire.guard.quarkus.GuardConfig;
import dev.grantwire.guard.quarkus.GuardFeed;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * grant-service's durable reading of the revocation feed: every revocation is applied and the
 * position stored in one transaction, and a restart resumes right after the stored position. A
 * fresh start or a position that fell out of the topic's retention is first filled from
 * revocation-service's ledger ({@link FeedReconciler}); the reader starts only after that, so the
 * service is not ready before.
 *
 * <p>It reads with the guard's settings ({@code grantwire.guard.topic}, {@code .kafka.*} for the
 * broker's credentials, {@code .producer-source}, {@code .clock-skew}), so it distrusts forged
 * heartbeats as every guard does; {@code grantwire_feed_heartbeats_ignored_total} and {@code
 * grantwire_feed_revocations_foreign_total} count what it distrusted.
 */
@ApplicationScoped
public class RevocationFeedConsumer implements FeedListener, FeedView {

    private static final Logger LOG = Logger.getLogger(RevocationFeedConsumer.class);
    private static final FeedStatus NOT_STARTED = new FeedStatus(false, -1, 0, -1, null);

    private final AppliedRevocationRepository revocations;
    private final RevocationApplier applier;
    private final FeedReconciler reconciler;
    private final String bootstrapServers;
    private final GuardConfig feed;
    private final MeterRegistry registry;
    private volatile FeedReader reader;
    private volatile boolean stopping;
    private Thread starter;

    RevocationFeedConsumer(
            AppliedRevocationRepository revocations,
            RevocationApplier applier,
            FeedReconciler reconciler,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            GuardConfig feed,
            MeterRegistry registry) {
        this.revocations = revocations;
        this.applier = applier;
        this.reconciler = reconciler;
        this.bootstrapServers = bootstrapServers;
        this.feed = feed;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        FunctionCounter.builder(
                        "grantwire.feed.heartbeats.ignored",
                        this,
                        consumer -> consumer.count(FeedReader::heartbeatsIgnored))
                .description("Heartbeats ignored: another source, or a time in the future")
                .register(registry);
        FunctionCounter.builder(
                        "grantwire.feed.revocations.foreign",
                        this,
                        consumer -> consumer.count(FeedReader::foreignRevocations))
                .description("Revocations applied whose source was not revocation-service")
                .register(registry);
        // grant-service's clock sets iat and exp: a skew beyond S here is as serious as a guard's.
        Gauge.builder(
                        "grantwire.feed.clock.offset",
                        this,
                        consumer -> {
                            FeedReader current = consumer.reader;
                            return current == null ? Double.NaN : current.clockOffsetSeconds();
                        })
                .description("This host's clock minus revocation-service's database clock")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "grantwire.feed.clock.skew.exceeded",
                        this,
                        consumer -> {
                            FeedReader current = consumer.reader;
                            return current != null && current.clockSkewExceeded() ? 1 : 0;
                        })
                .description("1 while this host's clock is off by more than S")
                .register(registry);
        // Reconciling may wait for revocation-service or the broker: never hold up the start.
        starter = new Thread(this::reconcileThenRead, "grantwire-feed-start");
        starter.setDaemon(true);
        // Kafka loads its plugins (metrics reporters) through the context class loader: it must be
        // the application's, whatever thread started the application.
        starter.setContextClassLoader(RevocationFeedConsumer.class.getClassLoader());
        starter.start();
    }

    private void reconcileThenRead() {
        try {
            long from = reconciler.prepare();
            synchronized (this) {
                if (!stopping) {
                    reader =
                            GuardFeed.readerOf(feed, bootstrapServers)
                                    .clientId("grant-service")
                                    .startAt(StartPosition.atOffset(from))
                                    .listener(this)
                                    .build()
                                    .start();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The revocation feed did not start; grant-service stays not ready", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopping = true;
        }
        if (starter != null) {
            starter.interrupt();
        }
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    @Transactional
    public void onRevocation(RevocationEvent event, long offset) {
        applier.apply(event);
        revocations.apply(event, offset);
    }

    private double count(java.util.function.ToLongFunction<FeedReader> counter) {
        FeedReader current = reader;
        return current == null ? 0 : counter.applyAsLong(current);
    }

    /** The feed's progress; not caught up while reconciling. */
    @Override
    public FeedStatus status() {
        FeedReader current = reader;
        return current == null ? NOT_STARTED : current.status();
    }
}
