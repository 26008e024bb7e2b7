package dev.grantwire.grant.messaging;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
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

/**
 * grant-service's durable reading of the revocation feed: every revocation is applied and the
 * position stored in one transaction, and a restart resumes right after the stored position.
 */
@ApplicationScoped
public class RevocationFeedConsumer implements FeedListener {

    private final AppliedRevocationRepository revocations;
    private final RevocationApplier applier;
    private final String bootstrapServers;
    private final String topic;
    private FeedReader reader;

    RevocationFeedConsumer(
            AppliedRevocationRepository revocations,
            RevocationApplier applier,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(
                            name = "grantwire.guard.topic",
                            defaultValue = "grantwire.revocations.v1")
                    String topic) {
        this.revocations = revocations;
        this.applier = applier;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    void start(@Observes StartupEvent event) {
        // A fresh start reads from offset 0; if that left retention, the consumer resets to the
        // earliest record still kept.
        long from = revocations.lastOffset().orElse(-1) + 1;
        reader =
                new FeedReader(
                                bootstrapServers,
                                topic,
                                "grant-service",
                                StartPosition.atOffset(from),
                                this)
                        .start();
    }

    void stop(@Observes ShutdownEvent event) {
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

    /** The feed's progress. */
    public FeedStatus status() {
        return reader == null ? new FeedStatus(false, -1, 0, -1, null) : reader.status();
    }
}
