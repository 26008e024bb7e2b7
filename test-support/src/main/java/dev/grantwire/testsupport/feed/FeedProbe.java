package dev.grantwire.testsupport.feed;

import dev.grantwire.events.Decoded;
import dev.grantwire.events.EncodedEvent;
import dev.grantwire.events.FeedCodec;
import dev.grantwire.events.FeedEvent;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.kafka.KafkaAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A test's own view of the revocation topic: publishes events as revocation-service would (its
 * {@code ce_source}), or as anyone else ({@link #publishAs}), and waits for events that match a
 * condition. The principal given must be allowed what the test does (the admin may do anything).
 * Not thread-safe; one per test.
 */
public final class FeedProbe implements AutoCloseable {

    private final KafkaAccess access;
    private final FeedCodec codec = new FeedCodec();
    private final String topic;
    private final TopicPartition partition;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;

    /** A probe on the revocation topic, {@code grantwire.revocations.v1}. */
    public FeedProbe(KafkaAccess access) {
        this(access, RevocationTopic.NAME);
    }

    /** A probe on another topic (tests that want a fresh one). */
    public FeedProbe(KafkaAccess access, String topic) {
        this.access = access;
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
    }

    /** Publishes one event and waits for the broker's acknowledgement; returns its offset. */
    public long publish(FeedEvent event) {
        return send(event, RevocationTopic.PRODUCER_SOURCE).offset();
    }

    /**
     * Publishes one event with another {@code ce_source} than revocation-service's, as a forger
     * holding write access would; returns its offset.
     */
    public long publishAs(String source, FeedEvent event) {
        return send(event, source).offset();
    }

    /** Publishes one event; returns the time the broker appended it (LogAppendTime). */
    public long publishAndGetAppendTime(FeedEvent event) {
        return send(event, RevocationTopic.PRODUCER_SOURCE).timestamp();
    }

    /**
     * The Kafka record of an encoded event: its key, its data and its CloudEvents attributes as
     * UTF-8 headers, as revocation-service writes them.
     */
    public static ProducerRecord<byte[], byte[]> record(String topic, EncodedEvent encoded) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(
                        topic, encoded.key().getBytes(StandardCharsets.UTF_8), encoded.value());
        encoded.headers()
                .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private RecordMetadata send(FeedEvent event, String source) {
        ProducerRecord<byte[], byte[]> record = record(topic, codec.encode(event, source));
        try {
            return producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event, e);
        }
    }

    /**
     * Reads from the end of the topic as it is now (the first call) or from where the last call
     * stopped, until an event matches or the timeout passes.
     *
     * @throws AssertionError if nothing matched in time
     */
    public <T extends FeedEvent> T awaitNext(
            Class<T> type, Predicate<T> matches, Duration timeout) {
        KafkaConsumer<byte[], byte[]> reader = consumer();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                Decoded decoded = codec.decode(headers(record), record.value());
                FeedEvent event = decoded instanceof Decoded.Event known ? known.event() : null;
                if (type.isInstance(event) && matches.test(type.cast(event))) {
                    return type.cast(event);
                }
                if (seen.size() < 20) {
                    seen.add(String.valueOf(event));
                }
            }
        }
        throw new AssertionError(
                "no matching " + type.getSimpleName() + " within " + timeout + "; saw " + seen);
    }

    /**
     * Every revocation on the topic now, from its first kept record to its end offset as it is at
     * the call (heartbeats and unknown events left out).
     */
    public List<RevocationEvent> revocationsOnTopic(Duration timeout) {
        return eventsOnTopic(timeout).stream()
                .filter(RevocationEvent.class::isInstance)
                .map(RevocationEvent.class::cast)
                .toList();
    }

    /**
     * Every event the topic holds now, revocations and heartbeats in the topic's order, from its
     * first kept record to its end offset as it is at the call (unknown events left out).
     */
    public List<FeedEvent> eventsOnTopic(Duration timeout) {
        List<FeedEvent> events = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = newConsumer()) {
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (reader.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the topic to " + end + " in time");
                }
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    if (record.offset() < end
                            && codec.decode(headers(record), record.value())
                                    instanceof Decoded.Event known) {
                        events.add(known.event());
                    }
                }
            }
        }
        return events;
    }

    /** The topic's end offset now: the offset the next record will get. */
    public long endOffset(Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> reader = newConsumer()) {
            return reader.endOffsets(List.of(partition), timeout).get(partition);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = newConsumer();
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
        }
        return consumer;
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Properties config = access.clientProperties();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties config = access.clientProperties();
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
        if (producer != null) {
            producer.close();
        }
    }
}
