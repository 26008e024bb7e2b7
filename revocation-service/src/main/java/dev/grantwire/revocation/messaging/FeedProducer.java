package dev.grantwire.revocation.messaging;

import dev.grantwire.events.EncodedEvent;
import dev.grantwire.events.FeedCodec;
import dev.grantwire.events.FeedEvent;
import dev.grantwire.revocation.config.RevocationConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes feed events to the revocation topic as CloudEvents in binary mode.
 *
 * <p>Idempotent producer, {@code acks=all}, {@code linger.ms=0}: a revocation is acknowledged only
 * once every in-sync replica has it, and it is sent the moment it is handed over (Kafka 4 would
 * otherwise wait 5 ms to batch). Thread-safe, like the Kafka producer it wraps.
 */
@ApplicationScoped
public class FeedProducer {

    private final KafkaProducer<byte[], byte[]> producer;
    private final FeedCodec codec = new FeedCodec();
    private final RevocationConfig config;

    FeedProducer(
            RevocationConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        Properties properties = new Properties();
        // The broker's credentials first, so none of the settings below can be changed by them.
        properties.putAll(config.kafka());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "revocation-service");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Fail a send within seconds during an outage: the outbox relay retries it later.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(properties);
    }

    /**
     * Sends one event; the future completes when the broker has acknowledged it (or failed). Never
     * throws: a send that cannot even start completes the future exceptionally.
     */
    public CompletableFuture<RecordMetadata> send(FeedEvent event) {
        return send(event, UUID.randomUUID());
    }

    /**
     * Sends one event with a given CloudEvents id ({@code ce_id}): a revocation always carries its
     * ledger {@code event_id}, so every re-send of it has the same id.
     */
    public CompletableFuture<RecordMetadata> send(FeedEvent event, UUID eventId) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            EncodedEvent encoded = codec.encode(event, config.source(), eventId);
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            config.topic(),
                            encoded.key().getBytes(StandardCharsets.UTF_8),
                            encoded.value());
            encoded.headers()
                    .forEach(
                            (name, value) ->
                                    record.headers()
                                            .add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(
                    record,
                    (metadata, error) -> {
                        if (error != null) {
                            acknowledged.completeExceptionally(error);
                        } else {
                            acknowledged.complete(metadata);
                        }
                    });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
