package dev.grantwire.testsupport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grantwire.testsupport.internal.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaProcessTest {

    @Test
    void killThenRestartWhenRecordWrittenThenRecordKeptOnSamePort() throws Exception {
        Path dir = Path.of("target", "test-infra", "kafka-process");
        FileTrees.delete(dir);
        long t0 = System.nanoTime();
        try (KafkaProcess kafka = KafkaProcess.start(dir, 0)) {
            System.out.printf(
                    "Kafka process started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            int port = kafka.port();
            long firstPid = kafka.pid();
            kafka.createTopic("durable", 1, Map.of());
            kafka.createTopic("durable", 1, Map.of());
            KafkaRoundTrip.produce(kafka.access(KafkaUser.ADMIN), "durable", "k", "before-kill");

            kafka.kill();

            assertFalse(kafka.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));

            long t1 = System.nanoTime();
            kafka.restart();
            System.out.printf(
                    "Kafka process restarted in %d ms%n", (System.nanoTime() - t1) / 1_000_000);

            assertTrue(kafka.isRunning());
            assertEquals(port, kafka.port());
            assertNotEquals(firstPid, kafka.pid());
            assertEquals(
                    List.of("before-kill"),
                    KafkaRoundTrip.consume(kafka.access(KafkaUser.ADMIN), "durable", 1));
            KafkaRoundTrip.produce(kafka.access(KafkaUser.ADMIN), "durable", "k", "after-restart");
            assertEquals(
                    List.of("before-kill", "after-restart"),
                    KafkaRoundTrip.consume(kafka.access(KafkaUser.ADMIN), "durable", 2));

            long pid = kafka.pid();
            kafka.close();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        String log = Files.readString(dir.resolve("kafka.log"));
        assertTrue(log.contains("INFO  [kafka.server.KafkaRaftServer]"), log);
    }

    @Test
    void startWhenDirectoryFormattedBeforeCredentialsThenFormattedAnewAndUsable() throws Exception {
        Path dir = Path.of("target", "test-infra", "kafka-process-before-credentials");
        FileTrees.delete(dir);
        // What a local stack's .grantwire/kafka held before brokers took credentials: a
        // formatted log, no credentials file. Its admin could never be created afterwards.
        Files.createDirectories(dir.resolve("kafka-logs"));
        Files.writeString(dir.resolve("kafka-logs/meta.properties"), "version=1\n");

        try (KafkaProcess kafka = KafkaProcess.start(dir, 0)) {
            kafka.createTopic("after-upgrade", 1, Map.of());
            KafkaRoundTrip.produce(kafka.access(KafkaUser.ADMIN), "after-upgrade", "k", "v");

            assertEquals(
                    List.of("v"),
                    KafkaRoundTrip.consume(kafka.access(KafkaUser.ADMIN), "after-upgrade", 1));
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(kafka.credentialsFile())));
        }
    }
}
