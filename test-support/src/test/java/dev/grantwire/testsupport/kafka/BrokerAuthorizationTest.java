package dev.grantwire.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.feed.FeedProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker itself refuses whoever may not write the revocation topic: nobody gets a record onto
 * it but revocation-service (and the admin), and nobody but the admin creates topics. Each refusal
 * is checked where it matters, on the topic: its end offset has not moved.
 */
class BrokerAuthorizationTest {

    private static InProcessKafka kafka;
    private static FeedProbe topic;

    @BeforeAll
    static void start() {
        kafka = InProcessKafka.start(Path.of("target", "test-infra", "broker-authorization"));
        kafka.createTopic(RevocationTopic.NAME, 1, RevocationTopic.CONFIGS);
        topic = new FeedProbe(kafka.access(KafkaUser.ADMIN));
    }

    @AfterAll
    static void stop() {
        topic.close();
        kafka.close();
    }

    @Test
    void produceWhenAnonymousThenBrokerNeverTakesTheRecord() {
        long end = topic.endOffset(Duration.ofSeconds(10));
        Properties anonymous = new Properties();
        anonymous.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        anonymous.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);

        // A client without SASL never gets past the handshake: the broker closes every
        // connection, so the producer never even learns the topic's metadata.
        assertThatThrownBy(() -> send(anonymous))
                .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(TimeoutException.class));
        assertThat(topic.endOffset(Duration.ofSeconds(10))).isEqualTo(end);
    }

    @Test
    void produceWhenReaderPrincipalThenTopicAuthorizationRefused() {
        long end = topic.endOffset(Duration.ofSeconds(10));
        for (KafkaUser reader :
                List.of(KafkaUser.GRANT_SERVICE, KafkaUser.RESOURCE_API, KafkaUser.BENCH_READER)) {
            Properties config = kafka.access(reader).clientProperties();

            assertThatThrownBy(() -> send(config))
                    .as(reader.username())
                    .satisfies(
                            e ->
                                    assertThat(rootCause(e))
                                            .isInstanceOf(AuthorizationException.class));
        }
        assertThat(topic.endOffset(Duration.ofSeconds(10))).isEqualTo(end);
    }

    @Test
    void produceWhenBenchWriterThenRevocationTopicRefused() {
        long end = topic.endOffset(Duration.ofSeconds(10));

        assertThatThrownBy(() -> send(kafka.access(KafkaUser.BENCH_WRITER).clientProperties()))
                .satisfies(
                        e -> assertThat(rootCause(e)).isInstanceOf(AuthorizationException.class));
        assertThat(topic.endOffset(Duration.ofSeconds(10))).isEqualTo(end);
    }

    @Test
    void produceWhenWrongPasswordThenAuthenticationFails() {
        long end = topic.endOffset(Duration.ofSeconds(10));
        KafkaAccess real = kafka.access(KafkaUser.REVOCATION_SERVICE);
        Properties config = real.as(real.username(), real.password() + "-wrong").clientProperties();

        assertThatThrownBy(() -> send(config))
                .satisfies(
                        e ->
                                assertThat(rootCause(e))
                                        .isInstanceOf(SaslAuthenticationException.class));
        assertThat(topic.endOffset(Duration.ofSeconds(10))).isEqualTo(end);
    }

    @Test
    void produceWhenRevocationServiceThenRecordLands() throws Exception {
        long end = topic.endOffset(Duration.ofSeconds(10));

        send(kafka.access(KafkaUser.REVOCATION_SERVICE).clientProperties());

        assertThat(topic.endOffset(Duration.ofSeconds(10))).isEqualTo(end + 1);
    }

    @Test
    void createTopicWhenNotAdminThenRefused() throws Exception {
        for (KafkaUser user : KafkaUser.values()) {
            if (user == KafkaUser.ADMIN) {
                continue;
            }
            String name = KafkaAcls.BENCH_TOPIC_PREFIX + "created-by-" + user.username();
            try (Admin admin = Admin.create(kafka.access(user).clientProperties())) {
                assertThatThrownBy(
                                () ->
                                        admin.createTopics(
                                                        List.of(new NewTopic(name, 1, (short) 1)))
                                                .all()
                                                .get())
                        .as(user.username())
                        .satisfies(
                                e ->
                                        assertThat(rootCause(e))
                                                .isInstanceOf(AuthorizationException.class));
            }
            try (Admin admin = Admin.create(kafka.access(KafkaUser.ADMIN).clientProperties())) {
                assertThat(admin.listTopics().names().get())
                        .as(user.username())
                        .doesNotContain(name);
            }
        }
    }

    /**
     * What the broker answered, under the client's wrapping: a failed future ({@code
     * ExecutionException}) or, once an idempotent producer was refused its producer id, the
     * producer's error state.
     */
    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Sends one heartbeat record to the revocation topic and waits for the answer. */
    private static void send(Properties config) throws Exception {
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record =
                    FeedProbe.record(
                            RevocationTopic.NAME,
                            new dev.grantwire.events.FeedCodec()
                                    .encode(
                                            new FeedHeartbeat(now, 0, now),
                                            RevocationTopic.PRODUCER_SOURCE));
            producer.send(record).get();
        }
    }
}
