package dev.grantwire.grant.messaging;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import dev.grantwire.grant.service.FeedView;
import dev.grantwire.grant.service.RevocationApplier;
import dev.grantwire.guard.FeedListener;
import dev.grantwire.guard.FeedReader;
import dev.grantwire.guard.FeedStatus;
import dev.grantwire.guard.StartPosition;
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
 */
@ApplicationScoped
public class RevocationFeedConsumer implements FeedListener, FeedView {

    private static final Logger LOG = Logger.getLogger(RevocationFeedConsumer.class);
    private static final FeedStatus NOT_STARTED = new FeedStatus(false, -1, 0, -1, null);

    private final AppliedRevocationRepository revocations;
    private final RevocationApplier applier;
    private final FeedReconciler reconciler;
    private final String bootstrapServers;
    private final String topic;
    private volatile FeedReader reader;
    private volatile boolean stopping;
    private Thread starter;

    RevocationFeedConsumer(
            AppliedRevocationRepository revocations,
            RevocationApplier applier,
            FeedReconciler reconciler,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(
                            name = "grantwire.guard.topic",
                            defaultValue = "grantwire.revocations.v1")
                    String topic) {
        this.revocations = revocations;
        this.applier = applier;
        this.reconciler = reconciler;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    void start(@Observes StartupEvent event) {
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
                            new FeedReader(
                                            bootstrapServers,
                                            topic,
                                            "grant-service",
                                            StartPosition.atOffset(from),
                                            this)
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

    /** The feed's progress; not caught up while reconciling. */
    @Override
    public FeedStatus status() {
        FeedReader current = reader;
        return current == null ? NOT_STARTED : current.status();
    }
}
