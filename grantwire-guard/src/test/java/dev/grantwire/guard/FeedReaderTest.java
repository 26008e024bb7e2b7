package dev.grantwire.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.EventTypes;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.kafka.InProcessKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed reader against a real broker, one fresh topic per test. */
class FeedReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static InProcessKafka kafka;

    private final List<RevocationEvent> received = new CopyOnWriteArrayList<>();
    private String topic;
    private FeedReader reader;

    @BeforeAll
    static void startKafka() {
        kafka = InProcessKafka.start(Path.of("target/feed-reader-kafka"));
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @BeforeEach
    void createTopic() {
        topic = "revocations-" + UUID.randomUUID();
        kafka.createTopic(topic, 1, RevocationTopic.CONFIGS);
    }

    @AfterEach
    void stopReader() {
        if (reader != null) {
            reader.close();
        }
    }

    @Test
    void startWhenTopicHasHistoryThenDeliversItInOrderAndReportsCaughtUp() {
        List<RevocationEvent> published = List.of(revocation(1), revocation(2), revocation(3));
        published.forEach(this::publish);

        reader = start(StartPosition.atOffset(0));

        await().atMost(WAIT).until(() -> reader.status().caughtUp());
        assertThat(received).containsExactlyElementsOf(published);
        assertThat(reader.status().eventsApplied()).isEqualTo(3);
        assertThat(reader.status().watermark()).isEqualTo(-1);
    }

    @Test
    void startAtTimeWhenOlderRecordsExistThenOnlyLaterOnesAreDelivered() {
        long firstAppended = publish(revocation(1));
        while (System.currentTimeMillis() <= firstAppended) {
            Thread.onSpinWait();
        }
        RevocationEvent later = revocation(2);
        publish(later);

        reader = start(StartPosition.atTime(Instant.ofEpochMilli(firstAppended + 1)));

        await().atMost(WAIT).until(() -> reader.status().caughtUp());
        assertThat(received).containsExactly(later);
    }

    @Test
    void heartbeatWhenReceivedThenWatermarkIsTheHighestSeen() {
        reader = start(StartPosition.atOffset(0));
        publish(new FeedHeartbeat(2_000, 0, 2_000));
        publish(new FeedHeartbeat(1_000, 0, 1_000));
        publish(revocation(9));

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(reader.status().watermark()).isEqualTo(2_000);
    }

    @Test
    void readWhenUnknownTypeNeedNotBeUnderstoodThenSkippedAndReadingGoesOn() {
        reader = start(StartPosition.atOffset(0));
        publishRaw("dev.grantwire.feed.something-new.v1", "false");
        RevocationEvent after = revocation(5);
        publish(after);

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received).containsExactly(after);
        assertThat(reader.status().failedClosed()).isFalse();
    }

    @Test
    void readWhenUnknownTypeMustBeUnderstoodThenFailsClosedAndAppliesNothingAfter() {
        reader = start(StartPosition.atOffset(0));
        publishRaw("dev.grantwire.revocation.scoped.v2", "true");
        publish(revocation(6));

        await().atMost(WAIT).until(() -> reader.status().failedClosed());
        assertThat(reader.status().failure()).contains("scoped.v2");
        assertThat(received).isEmpty();
    }

    @Test
    void listenerWhenItFailsThenTheSameRecordIsDeliveredAgain() {
        List<Long> attempts = new CopyOnWriteArrayList<>();
        reader =
                new FeedReader(
                                kafka.bootstrapServers(),
                                topic,
                                "test",
                                StartPosition.atOffset(0),
                                (event, offset) -> {
                                    attempts.add(offset);
                                    if (attempts.size() < 3) {
                                        throw new IllegalStateException("database down");
                                    }
                                    received.add(event);
                                })
                        .start();
        RevocationEvent event = revocation(7);
        publish(event);

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(attempts).hasSize(3).containsOnly(attempts.get(0));
        assertThat(received).containsExactly(event);
    }

    private FeedReader start(StartPosition position) {
        return new FeedReader(
                        kafka.bootstrapServers(),
                        topic,
                        "test",
                        position,
                        (event, offset) -> received.add(event))
                .start();
    }

    private static RevocationEvent revocation(long sequence) {
        return RevocationEvent.builder(RevocationKind.GRANT, UUID.randomUUID().toString())
                .revokedAt(System.currentTimeMillis())
                .reason("test")
                .actor("test")
                .sequence(sequence)
                .build(RevocationBounds.DEFAULTS);
    }

    /** Publishes through the test probe; returns the broker's append time. */
    private long publish(dev.grantwire.events.FeedEvent event) {
        try (FeedProbe probe = new FeedProbe(kafka.bootstrapServers(), topic)) {
            return probe.publishAndGetAppendTime(event);
        }
    }

    private void publishRaw(String type, String mustUnderstand) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            topic, "{\"future\":true}".getBytes(StandardCharsets.UTF_8));
            Map.of(
                            EventTypes.CE_SPECVERSION,
                            "1.0",
                            EventTypes.CE_ID,
                            UUID.randomUUID().toString(),
                            EventTypes.CE_SOURCE,
                            "/future",
                            EventTypes.CE_TYPE,
                            type,
                            EventTypes.CE_TIME,
                            EventTypes.formatTime(System.currentTimeMillis()),
                            EventTypes.CE_MUSTUNDERSTAND,
                            mustUnderstand)
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
