package dev.grantwire.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.EventTypes;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.kafka.InProcessKafka;
import dev.grantwire.testsupport.kafka.KafkaAccess;
import dev.grantwire.testsupport.kafka.KafkaUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
    void lagWhenTheListenerFallsBehindThenCountsTheRecordsLeftAndZeroOnceCaughtUp() {
        for (long sequence = 1; sequence <= 3; sequence++) {
            publish(revocation(sequence));
        }
        CountDownLatch release = new CountDownLatch(1);
        reader =
                builder(topic)
                        .startAt(StartPosition.atOffset(0))
                        // One record a poll, and the second one held: the reader is 2 behind.
                        .clientProperties(Map.of("max.poll.records", 1))
                        .listener(
                                (event, offset) -> {
                                    if (offset == 1) {
                                        awaitQuietly(release);
                                    }
                                    received.add(event);
                                })
                        .build();
        assertThat(reader.lag()).isEqualTo(-1);

        reader.start();

        await().atMost(WAIT).until(() -> reader.lag() == 2);
        assertThat(reader.status().caughtUp()).isFalse();
        release.countDown();
        await().atMost(WAIT).until(() -> reader.status().caughtUp() && reader.lag() == 0);
        assertThat(received).hasSize(3);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                builder(topic)
                        .startAt(StartPosition.atOffset(0))
                        .listener(
                                (event, offset) -> {
                                    attempts.add(offset);
                                    if (attempts.size() < 3) {
                                        throw new IllegalStateException("database down");
                                    }
                                    received.add(event);
                                })
                        .build()
                        .start();
        RevocationEvent event = revocation(7);
        publish(event);

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(attempts).hasSize(3).containsOnly(attempts.get(0));
        assertThat(received).containsExactly(event);
    }

    @Test
    void heartbeatWhenFromAnotherSourceThenIgnoredAndCounted() {
        reader = start(StartPosition.atOffset(0));
        publish(new FeedHeartbeat(2_000, 0, 2_000));
        publishAs("/attacker", new FeedHeartbeat(5_000, 0, 5_000));
        publish(revocation(1));

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(reader.status().watermark()).isEqualTo(2_000);
        assertThat(reader.heartbeatsIgnored()).isEqualTo(1);
    }

    @Test
    void heartbeatWhenMoreThanSkewInTheFutureThenIgnoredAndLaterHeartbeatsStillCount() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        reader =
                builder(topic)
                        .startAt(StartPosition.atOffset(0))
                        .listener((event, offset) -> received.add(event))
                        .clockSkew(Duration.ofSeconds(5))
                        .clock(Clock.fixed(now, ZoneOffset.UTC))
                        .build()
                        .start();
        long year2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        long justBeyondSkew = now.plusSeconds(5).plusMillis(1).toEpochMilli();
        long withinSkew = now.plusSeconds(5).toEpochMilli();

        publish(new FeedHeartbeat(now.toEpochMilli(), 0, now.toEpochMilli()));
        publish(new FeedHeartbeat(year2100, 0, year2100));
        publish(new FeedHeartbeat(now.toEpochMilli(), 0, justBeyondSkew));
        publish(revocation(1));
        await().atMost(WAIT).until(() -> received.size() == 1);

        assertThat(reader.status().watermark()).isEqualTo(now.toEpochMilli());
        assertThat(reader.heartbeatsIgnored()).isEqualTo(2);

        // The forgery did not pin the watermark: an honest later heartbeat (within S) moves it.
        publish(new FeedHeartbeat(withinSkew, 0, withinSkew));
        await().atMost(WAIT).until(() -> reader.status().watermark() == withinSkew);
        assertThat(reader.heartbeatsIgnored()).isEqualTo(2);
    }

    @Test
    void clockWhenBehindByMoreThanSkewThenOffsetMeasuredExceededAndHeartbeatsIgnored() {
        // This host's clock runs 8 s behind the heartbeats' (S is 5 s).
        Instant hostNow = Instant.parse("2026-12-07T10:00:00Z");
        reader = startWithClock(Clock.fixed(hostNow, ZoneOffset.UTC));
        await().atMost(WAIT).until(() -> reader.status().caughtUp());
        assertThat(reader.clockOffsetSeconds()).isNaN();

        long sourceNow = hostNow.plusSeconds(8).toEpochMilli();
        publish(new FeedHeartbeat(sourceNow - 300, 0, sourceNow));
        publish(new FeedHeartbeat(sourceNow + 700, 0, sourceNow + 1_000));
        publish(revocation(1));
        await().atMost(WAIT).until(() -> received.size() == 1);
        // Two measures are no quorum: not flagged yet.
        assertThat(reader.clockSkewExceeded()).isFalse();

        publish(new FeedHeartbeat(sourceNow + 200, 0, sourceNow + 500));
        publish(revocation(2));
        await().atMost(WAIT).until(() -> received.size() == 2);

        // The median of host minus emittedAt over -8, -9 and -8.5 s.
        assertThat(reader.clockOffsetSeconds()).isEqualTo(-8.5);
        assertThat(reader.clockSkewExceeded()).isTrue();
        assertThat(reader.clockBehindBeyondSkew()).isTrue();
        assertThat(reader.heartbeatsIgnored()).isEqualTo(3);
        assertThat(reader.status().watermark()).isEqualTo(-1);
    }

    @Test
    void clockWhenAheadByExactlySkewThenTrustedAndNotExceeded() {
        Instant hostNow = Instant.parse("2026-12-07T10:00:05Z");
        reader = startWithClock(Clock.fixed(hostNow, ZoneOffset.UTC));
        await().atMost(WAIT).until(() -> reader.status().caughtUp());

        long sourceNow = hostNow.minusSeconds(5).toEpochMilli();
        publish(new FeedHeartbeat(sourceNow - 200, 0, sourceNow));
        await().atMost(WAIT).until(() -> reader.status().watermark() == sourceNow - 200);

        assertThat(reader.clockOffsetSeconds()).isEqualTo(5.0);
        assertThat(reader.clockSkewExceeded()).isFalse();
        assertThat(reader.heartbeatsIgnored()).isZero();

        // 1.1 s more than S and the heartbeats' transit allowance, five times: flagged.
        long late = hostNow.minusMillis(6_100).toEpochMilli();
        for (int i = 0; i < FeedReader.OFFSET_SAMPLES; i++) {
            publish(new FeedHeartbeat(late, 0, late));
        }
        await().atMost(WAIT).until(reader::clockSkewExceeded);
        assertThat(reader.clockOffsetSeconds()).isEqualTo(6.1);
        // Ahead is flagged, not refused: tokens only look older here.
        assertThat(reader.clockBehindBeyondSkew()).isFalse();
    }

    @Test
    void clockWhenOneHeartbeatIsForgedFarInTheFutureThenTheMedianIgnoresIt() {
        Instant hostNow = Instant.parse("2026-12-07T10:00:00Z");
        reader = startWithClock(Clock.fixed(hostNow, ZoneOffset.UTC));
        await().atMost(WAIT).until(() -> reader.status().caughtUp());
        long now = hostNow.toEpochMilli();
        long year2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

        publish(new FeedHeartbeat(year2100, 0, year2100));
        publish(new FeedHeartbeat(now - 20, 0, now - 20));
        publish(new FeedHeartbeat(now - 10, 0, now - 10));
        await().atMost(WAIT).until(() -> reader.status().watermark() == now - 10);

        assertThat(reader.clockOffsetSeconds()).isEqualTo(0.01);
        assertThat(reader.clockSkewExceeded()).isFalse();
        assertThat(reader.clockBehindBeyondSkew()).isFalse();
        assertThat(reader.heartbeatsIgnored()).isEqualTo(1);
    }

    @Test
    void clockWhenHeartbeatsReplayedBeforeCaughtUpThenTheirAgeIsNotTakenForSkew() {
        long old = Instant.parse("2026-12-07T09:00:00Z").toEpochMilli();
        publish(new FeedHeartbeat(old, 0, old));
        Instant hostNow = Instant.parse("2026-12-07T10:00:00Z");
        reader = startWithClock(Clock.fixed(hostNow, ZoneOffset.UTC));
        await().atMost(WAIT).until(() -> reader.status().watermark() == old);
        await().atMost(WAIT).until(() -> reader.status().caughtUp());

        assertThat(reader.clockOffsetSeconds()).isNaN();
        assertThat(reader.clockSkewExceeded()).isFalse();
    }

    private FeedReader startWithClock(Clock clock) {
        return builder(topic)
                .startAt(StartPosition.atOffset(0))
                .listener((event, offset) -> received.add(event))
                .clockSkew(Duration.ofSeconds(5))
                .clock(clock)
                .build()
                .start();
    }

    @Test
    void revocationWhenFromAnotherSourceThenAppliedAndCounted() {
        reader = start(StartPosition.atOffset(0));
        RevocationEvent foreign = revocation(3);
        RevocationEvent own = revocation(4);
        publishAs("/somebody-else", foreign);
        publish(own);

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).containsExactly(foreign, own);
        assertThat(reader.foreignRevocations()).isEqualTo(1);
        assertThat(reader.status().eventsApplied()).isEqualTo(2);
    }

    @Test
    void producerSourceWhenConfiguredThenOnlyThatSourceMovesTheWatermark() {
        reader =
                builder(topic)
                        .startAt(StartPosition.atOffset(0))
                        .listener((event, offset) -> received.add(event))
                        .producerSource("/revocation-service-eu")
                        .build()
                        .start();
        publish(new FeedHeartbeat(2_000, 0, 2_000));
        publishAs("/revocation-service-eu", new FeedHeartbeat(3_000, 0, 3_000));
        publish(revocation(1));

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(reader.status().watermark()).isEqualTo(3_000);
        assertThat(reader.heartbeatsIgnored()).isEqualTo(1);
        assertThat(reader.foreignRevocations()).isEqualTo(1);
    }

    @Test
    void clientPropertiesWhenCredentialsOfAReaderThenReadsTheRevocationTopic() {
        kafka.createTopic(RevocationTopic.NAME, 1, RevocationTopic.CONFIGS);
        KafkaAccess access = kafka.access(KafkaUser.RESOURCE_API);
        RevocationEvent event = revocation(11);
        try (FeedProbe probe = new FeedProbe(kafka.access(KafkaUser.ADMIN))) {
            probe.publish(event);
        }

        reader =
                FeedReader.builder(access.bootstrapServers(), RevocationTopic.NAME)
                        .startAt(StartPosition.atOffset(0))
                        .listener((e, offset) -> received.add(e))
                        .clientProperties(access.securityProperties())
                        .build()
                        .start();

        await().atMost(WAIT).until(() -> reader.status().caughtUp());
        assertThat(received).contains(event);
    }

    @Test
    void clientPropertiesWhenWrongPasswordThenNeverCatchesUp() throws InterruptedException {
        KafkaAccess real = kafka.access(KafkaUser.RESOURCE_API);
        KafkaAccess wrong = real.as(real.username(), "not-" + real.password());
        publish(revocation(12));

        reader =
                FeedReader.builder(real.bootstrapServers(), topic)
                        .startAt(StartPosition.atOffset(0))
                        .listener((e, offset) -> received.add(e))
                        .clientProperties(wrong.securityProperties())
                        .build()
                        .start();

        Thread.sleep(3_000);
        assertThat(reader.status().caughtUp()).isFalse();
        assertThat(received).isEmpty();
    }

    @Test
    void clientPropertiesWhenAGroupOrBootstrapIsGivenThenRefused() {
        FeedReader.Builder builder = builder(topic);

        assertThatThrownBy(() -> builder.clientProperties(Map.of("group.id", "mine")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group.id");
        assertThatThrownBy(
                        () ->
                                builder.clientProperties(
                                        Map.of("bootstrap.servers", "elsewhere:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    /** A reader of the test topic with the admin's credentials (the admin may read any topic). */
    private static FeedReader.Builder builder(String topic) {
        return FeedReader.builder(kafka.bootstrapServers(), topic)
                .clientId("test")
                .clientProperties(kafka.access(KafkaUser.ADMIN).securityProperties());
    }

    private FeedReader start(StartPosition position) {
        return builder(topic)
                .startAt(position)
                .listener((event, offset) -> received.add(event))
                .build()
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

    /** Publishes through the test probe as revocation-service; returns the broker's append time. */
    private long publish(dev.grantwire.events.FeedEvent event) {
        try (FeedProbe probe = new FeedProbe(kafka.access(KafkaUser.ADMIN), topic)) {
            return probe.publishAndGetAppendTime(event);
        }
    }

    /** Publishes with another source, as someone holding write access could. */
    private void publishAs(String source, dev.grantwire.events.FeedEvent event) {
        try (FeedProbe probe = new FeedProbe(kafka.access(KafkaUser.ADMIN), topic)) {
            probe.publishAs(source, event);
        }
    }

    private void publishRaw(String type, String mustUnderstand) {
        Properties config = kafka.access(KafkaUser.ADMIN).clientProperties();
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
