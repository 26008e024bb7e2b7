package dev.grantwire.bench.suite;

import dev.grantwire.testsupport.kafka.KafkaAccess;
import dev.grantwire.testsupport.kafka.KafkaAcls;
import dev.grantwire.testsupport.kafka.KafkaProcess;
import dev.grantwire.testsupport.kafka.KafkaUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * The floor under propagation: a plain Kafka round trip on the same broker, with the settings
 * revocation-service's producer (idempotent, {@code acks=all}, {@code linger.ms=0}) and the guard's
 * consumer ({@code fetch.max.wait.ms=50}, assigned, no group) use, on a topic of its own with one
 * partition, at the propagation benchmark's steady rate. Nothing Grantwire does in between (the
 * transaction, the outbox, HTTP, applying) is in it.
 */
final class KafkaFloor {

    /** produce → acknowledged, and produce → consumed. */
    record Result(List<Samples> samples) {}

    private KafkaFloor() {}

    static Result measure(KafkaProcess kafka, int records, double perSecond) throws Exception {
        // The admin creates the topic; the benchmark's own principals write and read it, through
        // the same SASL handshake and ACL checks as the services.
        String topic = KafkaAcls.BENCH_TOPIC_PREFIX + "floor." + UUID.randomUUID();
        kafka.createTopic(topic, 1, Map.of());
        KafkaAccess writer = kafka.access(KafkaUser.BENCH_WRITER);
        KafkaAccess readerAccess = kafka.access(KafkaUser.BENCH_READER);
        Samples acked = new Samples("floor: Kafka produce → acknowledged");
        Samples consumed = new Samples("floor: Kafka produce → consumed");
        int warmUp = 20;
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(records + warmUp);
        Thread reader =
                new Thread(
                        () -> consume(readerAccess, topic, sentAt, consumed, warmUp, all),
                        "floor-consumer");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(1000); // the consumer is assigned and polling before the first record
        try (KafkaProducer<Long, byte[]> producer = producer(writer)) {
            long interval = (long) (1e9 / perSecond);
            long next = System.nanoTime();
            for (long i = 0; i < records + warmUp; i++) {
                while (System.nanoTime() < next) {
                    Thread.sleep(1);
                }
                next += interval;
                long key = i;
                long sent = System.nanoTime();
                sentAt.put(key, sent);
                producer.send(
                        new ProducerRecord<>(topic, key, new byte[200]),
                        (metadata, error) -> {
                            if (error == null && key >= warmUp) {
                                acked.addNanos(System.nanoTime() - sent);
                            }
                        });
            }
            producer.flush();
        }
        if (!all.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the floor's consumer did not see every record");
        }
        reader.interrupt();
        return new Result(List.of(acked, consumed));
    }

    private static void consume(
            KafkaAccess access,
            String topic,
            Map<Long, Long> sentAt,
            Samples consumed,
            int warmUp,
            CountDownLatch all) {
        Properties config = access.clientProperties();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<Long, byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (all.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<Long, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Long sent = sentAt.get(record.key());
                    if (sent != null && record.key() >= warmUp) {
                        consumed.addNanos(now - sent);
                    }
                    all.countDown();
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // Stopped.
        }
    }

    private static KafkaProducer<Long, byte[]> producer(KafkaAccess access) {
        Properties config = access.clientProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }
}
