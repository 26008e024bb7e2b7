package dev.grantwire.testsupport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InProcessKafkaTest {

    private static InProcessKafka kafka;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        kafka = InProcessKafka.start(Path.of("target", "test-infra", "in-process-kafka"));
        System.out.printf(
                "In-process Kafka started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void produceThenConsumeWhenTopicCreatedThenRecordArrives() throws Exception {
        kafka.createTopic("round-trip", 1, Map.of("cleanup.policy", "delete"));

        KafkaRoundTrip.produce(kafka.access(KafkaUser.ADMIN), "round-trip", "k", "hello");

        assertEquals(
                List.of("hello"),
                KafkaRoundTrip.consume(kafka.access(KafkaUser.ADMIN), "round-trip", 1));
        assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"));
    }

    @Test
    void createTopicWhenCalledTwiceThenSecondIsNoOp() {
        kafka.createTopic("twice", 2, Map.of());
        kafka.createTopic("twice", 2, Map.of());
    }

    @Test
    void produceWhenTopicNotCreatedThenFailsBecauseAutoCreateIsOff() {
        java.util.Properties p = kafka.access(KafkaUser.ADMIN).clientProperties();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            ExecutionException e =
                    assertThrows(
                            ExecutionException.class,
                            () -> producer.send(new ProducerRecord<>("never-created", "v")).get());
            assertInstanceOf(TimeoutException.class, e.getCause());
        }
    }
}
