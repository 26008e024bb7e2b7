package dev.grantwire.grant.messaging;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.grant.client.RevocationServiceClient;
import dev.grantwire.grant.client.RevocationServiceClient.LedgerPage;
import dev.grantwire.grant.client.RevocationServiceClient.LedgerUnavailable;
import dev.grantwire.grant.config.FeedConfig;
import dev.grantwire.grant.persistence.AppliedRevocationRepository;
import dev.grantwire.grant.service.RevocationApplier;
import dev.grantwire.guard.quarkus.GuardConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides where grant-service's durable feed reading starts, and first fills from
 * revocation-service's ledger what the topic can no longer give (docs/ARCHITECTURE.md,
 * "grant-service's position and read-your-writes").
 *
 * <p>The order makes the hand-over safe: the topic's earliest and end offsets are read first, then
 * the ledger up to its end, then the topic from the earliest offset. Everything on the topic was
 * committed to the ledger before it was published, so every revocation below the end offset seen
 * first is in the ledger read that follows; one committed later is published later, at or above
 * that end offset, where the reader will find it. Applying is a max, so whatever both give is
 * applied twice to no effect.
 *
 * <p>Gaps are told by topic offsets, never by {@code sequence + 1}: ledger sequences come from a
 * database sequence and may skip numbers.
 */
@ApplicationScoped
public class FeedReconciler {

    private static final Logger LOG = Logger.getLogger(FeedReconciler.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    /** The partition's earliest kept offset and its end offset (the next to be written). */
    record TopicBounds(long earliest, long end) {}

    private final AppliedRevocationRepository revocations;
    private final RevocationApplier applier;
    private final RevocationServiceClient revocationService;
    private final FeedConfig config;
    private final String bootstrapServers;
    private final GuardConfig feed;

    FeedReconciler(
            AppliedRevocationRepository revocations,
            RevocationApplier applier,
            RevocationServiceClient revocationService,
            FeedConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            GuardConfig feed) {
        this.revocations = revocations;
        this.applier = applier;
        this.revocationService = revocationService;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.feed = feed;
    }

    /**
     * Reconciles from the ledger if the stored position calls for it, and returns the topic offset
     * to read from. Blocks, retrying, while the broker or revocation-service cannot be reached:
     * until it returns, grant-service must not report ready.
     *
     * @throws InterruptedException when the service stops meanwhile
     */
    public long prepare() throws InterruptedException {
        TopicBounds bounds = topicBounds();
        OptionalLong stored = revocations.lastOffset();
        String gap = gap(stored, bounds);
        if (gap == null) {
            return stored.getAsLong() + 1;
        }
        if (!config.reconcile()) {
            LOG.warnf(
                    "Revocation feed: %s, and reconciliation is switched off"
                            + " (grantwire.feed.reconcile=false): revocations missing from the topic"
                            + " are NOT applied. Reading from offset %d",
                    gap, bounds.earliest());
            return bounds.earliest();
        }
        long since =
                stored.isEmpty()
                        ? 0
                        : Math.max(0, revocations.lastSequence() - config.reconcileOverlap());
        LOG.infof(
                "Revocation feed: %s; reconciling from revocation-service's ledger after sequence"
                        + " %d, then reading the topic from offset %d",
                gap, since, bounds.earliest());
        long last = readLedger(since);
        revocations.coverTopicUpTo(bounds.earliest() - 1, last);
        return bounds.earliest();
    }

    /** Why the stored position cannot simply be resumed, or null when it can. */
    static String gap(OptionalLong stored, TopicBounds bounds) {
        if (stored.isEmpty()) {
            return "fresh start (no stored position)";
        }
        long next = stored.getAsLong() + 1;
        if (next < bounds.earliest()) {
            return "offset "
                    + next
                    + " fell out of the topic's retention (earliest kept: "
                    + bounds.earliest()
                    + ")";
        }
        if (next > bounds.end()) {
            return "offset " + next + " is past the topic's end " + bounds.end() + " (recreated?)";
        }
        return null;
    }

    /** Applies the ledger after {@code since} up to its end; returns the highest sequence seen. */
    long readLedger(long since) throws InterruptedException {
        long next = since;
        long applied = 0;
        int failures = 0;
        while (true) {
            LedgerPage page;
            try {
                page = revocationService.ledger(next, config.reconcilePageSize());
                for (RevocationEvent revocation : page.revocations()) {
                    QuarkusTransaction.requiringNew()
                            .run(
                                    () -> {
                                        applier.apply(revocation);
                                        revocations.apply(revocation, -1);
                                    });
                    applied++;
                }
            } catch (LedgerUnavailable | RuntimeException e) {
                if (failures++ % 15 == 0) {
                    LOG.warnf(
                            "Cannot reconcile from revocation-service's ledger yet (%s);"
                                    + " grant-service stays NOT READY and keeps retrying",
                            e.getMessage());
                }
                Thread.sleep(config.reconcileRetry().toMillis());
                continue;
            }
            if (page.revocations().isEmpty()) {
                LOG.infof(
                        "Reconciled %d revocations from the ledger, up to sequence %d",
                        applied, next);
                return next;
            }
            long highest = page.next();
            for (RevocationEvent revocation : page.revocations()) {
                highest = Math.max(highest, revocation.sequence());
            }
            if (highest <= next) {
                LOG.warnf(
                        "The ledger page after sequence %d does not move on; stopping there", next);
                return next;
            }
            next = highest;
        }
    }

    /** Reads the partition's bounds with a short-lived consumer, retrying while Kafka is down. */
    TopicBounds topicBounds() throws InterruptedException {
        TopicPartition partition = new TopicPartition(feed.topic(), 0);
        Properties properties = new Properties();
        // The broker's credentials, as the feed's reader takes them.
        properties.putAll(feed.kafka());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "grant-service-reconciler");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        int failures = 0;
        while (true) {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
                List<TopicPartition> partitions = List.of(partition);
                Map<TopicPartition, Long> earliest =
                        consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
                return new TopicBounds(earliest.get(partition), end.get(partition));
            } catch (KafkaException e) {
                if (failures++ % 15 == 0) {
                    LOG.warnf(
                            "Cannot read the offsets of %s yet (%s); grant-service stays NOT READY",
                            partition, e.toString());
                }
                Thread.sleep(config.reconcileRetry().toMillis());
            }
        }
    }
}
