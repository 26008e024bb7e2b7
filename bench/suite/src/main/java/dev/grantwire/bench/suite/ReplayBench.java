package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.events.FeedCodec;
import dev.grantwire.events.FeedEvent;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.guard.FeedListener;
import dev.grantwire.guard.FeedReader;
import dev.grantwire.guard.FeedStatus;
import dev.grantwire.guard.RevocationTable;
import dev.grantwire.guard.StartPosition;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.kafka.KafkaAccess;
import dev.grantwire.testsupport.kafka.KafkaAcls;
import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A guard starting with a long feed behind it: {@code revocations} real revocation events (the
 * grantwire-events encoding, three access tokens to one grant, a user now and then) produced
 * straight to a topic of their own, then one heartbeat. Not the real topic: grant-service reads
 * that one durably and would apply them all.
 *
 * <p>Measured two ways. The library: a {@link FeedReader} into a {@link RevocationTable} in this
 * JVM, from {@code start()} to caught up, several times. A service: an example API instance started
 * with {@code grantwire.guard.topic} pointing at the topic, from launch to {@code /q/health/ready}
 * UP (the guard is not ready before it has caught up), against the same launch on a topic holding
 * only the heartbeat.
 */
final class ReplayBench {

    /** How many revocations, and how many times the library replays them. */
    record Settings(int revocations, int libraryRuns) {}

    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final Duration READY_POLL = Duration.ofMillis(20);

    private ReplayBench() {}

    static Report.Section run(Settings settings, Stack stack) throws Exception {
        KafkaAccess writer = stack.kafka().access(KafkaUser.BENCH_WRITER);
        KafkaAccess reader = stack.kafka().access(KafkaUser.BENCH_READER);
        String full = KafkaAcls.BENCH_TOPIC_PREFIX + "replay." + UUID.randomUUID();
        String empty = KafkaAcls.BENCH_TOPIC_PREFIX + "replay-empty." + UUID.randomUUID();
        stack.kafka().createTopic(full, RevocationTopic.PARTITIONS, RevocationTopic.CONFIGS);
        stack.kafka().createTopic(empty, RevocationTopic.PARTITIONS, RevocationTopic.CONFIGS);

        long produceStarted = System.nanoTime();
        long bytes = produce(writer, full, settings.revocations());
        double produceSeconds = (System.nanoTime() - produceStarted) / 1e9;
        produce(writer, empty, 0);
        System.out.printf(
                Locale.ROOT,
                "  %,d revocations produced in %.1f s (%.0f MB)%n",
                settings.revocations(),
                produceSeconds,
                bytes / 1e6);

        List<Double> library = new ArrayList<>();
        int tableSize = 0;
        for (int run = 1; run <= settings.libraryRuns(); run++) {
            RevocationTable table = new RevocationTable();
            double seconds = replay(reader, full, "bench-replay-" + run, table);
            if (table.size() < settings.revocations()) {
                throw new IllegalStateException(
                        "replay applied " + table.size() + " of " + settings.revocations());
            }
            tableSize = table.size();
            library.add(seconds);
            System.out.printf(Locale.ROOT, "  library replay %d: %.2f s%n", run, seconds);
        }
        double libraryMedian = Samples.median(library);

        Launch baseline = launch(stack, empty);
        Launch loaded = launch(stack, full);
        if (loaded.eventsApplied() < settings.revocations()) {
            throw new IllegalStateException(
                    "the example API was ready having applied "
                            + loaded.eventsApplied()
                            + " of "
                            + settings.revocations());
        }
        System.out.printf(
                Locale.ROOT,
                "  example API ready: %.2f s with an empty feed, %.2f s with %,d revocations%n",
                baseline.seconds(),
                loaded.seconds(),
                settings.revocations());

        ObjectNode json = Http.JSON.createObjectNode();
        json.put("revocations", settings.revocations());
        json.put("topicBytes", bytes);
        json.put("produceSeconds", produceSeconds);
        ArrayNode runs = json.putArray("libraryReplaySeconds");
        library.forEach(runs::add);
        json.put("libraryReplayMedianSeconds", libraryMedian);
        json.put("libraryEventsPerSecond", settings.revocations() / libraryMedian);
        json.put("tableEntries", tableSize);
        json.put("serviceReadyEmptyFeedSeconds", baseline.seconds());
        json.put("serviceReadyFullFeedSeconds", loaded.seconds());
        json.put("serviceEventsApplied", loaded.eventsApplied());
        String md =
                String.format(
                        Locale.ROOT,
                        "%,d revocation events (%.0f MB on the topic: three access tokens to one"
                                + " grant, a user now and then) were produced straight to a topic"
                                + " of their own in %.1f s, then a heartbeat.%n%n"
                                + "| replay of %,d revocations | seconds | revocations/s |%n"
                                + "|---|---|---|%n"
                                + "| guard library (FeedReader → RevocationTable), start → caught"
                                + " up, median of %d (min–max) | **%.2f** (%.2f–%.2f) | %,.0f |%n"
                                + "| example API instance, launch → ready, empty feed | %.2f | |%n"
                                + "| example API instance, launch → ready, %,d revocations | %.2f"
                                + " | |%n"
                                + "| difference: the replay inside a starting service | **%.2f**"
                                + " | %,.0f |%n",
                        settings.revocations(),
                        bytes / 1e6,
                        produceSeconds,
                        settings.revocations(),
                        library.size(),
                        libraryMedian,
                        Collections.min(library),
                        Collections.max(library),
                        settings.revocations() / libraryMedian,
                        baseline.seconds(),
                        settings.revocations(),
                        loaded.seconds(),
                        loaded.seconds() - baseline.seconds(),
                        settings.revocations()
                                / Math.max(0.001, loaded.seconds() - baseline.seconds()));
        return new Report.Section("Guard start-up: replaying the feed", md, json, List.of());
    }

    /** Produces the revocations and a closing heartbeat; returns the bytes of the values. */
    private static long produce(KafkaAccess writer, String topic, int revocations)
            throws Exception {
        Properties config = writer.clientProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        FeedCodec codec = new FeedCodec();
        long now = System.currentTimeMillis();
        // Spread over the last 30 minutes: every entry is still live when the guard reads it.
        long spread = Duration.ofMinutes(30).toMillis();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            String grant = null;
            for (int i = 0; i < revocations; i++) {
                long revokedAt = now - spread + spread * i / Math.max(1, revocations);
                RevocationEvent.Builder event;
                if (i % 1000 == 999) {
                    String user = UUID.randomUUID().toString();
                    event =
                            RevocationEvent.builder(RevocationKind.USER, user)
                                    .scope(RevocationScope.GRANTS)
                                    .userId(user);
                } else if (i % 4 == 0) {
                    grant = UUID.randomUUID().toString();
                    event = RevocationEvent.builder(RevocationKind.GRANT, grant);
                } else {
                    event =
                            RevocationEvent.builder(
                                    RevocationKind.TOKEN, UUID.randomUUID().toString());
                }
                RevocationEvent built =
                        event.clientId("bench-replay-app")
                                .revokedAt(revokedAt)
                                .reason("benchmark replay")
                                .actor("service:bench")
                                .sequence(i + 1L)
                                .build(RevocationBounds.DEFAULTS);
                bytes += send(producer, codec, topic, built);
            }
            long at = System.currentTimeMillis();
            send(producer, codec, topic, new FeedHeartbeat(at, revocations, at));
            producer.flush();
        }
        return bytes;
    }

    private static int send(
            KafkaProducer<byte[], byte[]> producer, FeedCodec codec, String topic, FeedEvent event)
            throws Exception {
        ProducerRecord<byte[], byte[]> record =
                FeedProbe.record(topic, codec.encode(event, RevocationTopic.PRODUCER_SOURCE));
        byte[] value = record.value();
        producer.send(record);
        return value.length;
    }

    /** One library replay: start → caught up, in seconds. */
    private static double replay(
            KafkaAccess access, String topic, String clientId, RevocationTable table)
            throws InterruptedException {
        FeedListener apply =
                new FeedListener() {
                    @Override
                    public void onRevocation(RevocationEvent revocation, long offset) {
                        table.apply(revocation);
                    }

                    @Override
                    public void onHeartbeat(FeedHeartbeat heartbeat, long offset) {}
                };
        // Where the guard in a service starts: 90 min + B + 2S + a minute back.
        Instant from = Instant.now().minus(Duration.ofMinutes(93));
        long started = System.nanoTime();
        try (FeedReader reader =
                FeedReader.builder(access.bootstrapServers(), topic)
                        .clientId(clientId)
                        .startAt(StartPosition.atTime(from))
                        .listener(apply)
                        .clientProperties(access.securityProperties())
                        .build()
                        .start()) {
            long deadline = started + DEADLINE.toNanos();
            while (true) {
                FeedStatus status = reader.status();
                if (status.caughtUp()) {
                    return (System.nanoTime() - started) / 1e9;
                }
                if (status.failedClosed() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("replay did not catch up: " + status);
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
        }
    }

    private record Launch(double seconds, long eventsApplied) {}

    /** Launches an example API instance on the topic; launch → ready, then stops it. */
    private static Launch launch(Stack stack, String topic) throws InterruptedException {
        long started = System.nanoTime();
        ServiceProcess instance =
                stack.startResourceApi(
                        Map.of(
                                "grantwire.guard.topic",
                                topic,
                                "grantwire.guard.client-id",
                                "bench-replay-" + topic,
                                // The bench topics are the bench reader's to read.
                                "grantwire.kafka.username",
                                KafkaUser.BENCH_READER.username(),
                                "grantwire.kafka.password",
                                stack.kafka().access(KafkaUser.BENCH_READER).password()));
        try {
            Http http = new Http();
            long deadline = started + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                if (!instance.isRunning()) {
                    throw new IllegalStateException(
                            "the example API exited; see " + instance.logFile());
                }
                Http.Answer ready;
                try {
                    ready = http.get(instance.managementUrl() + "/q/health/ready", null);
                } catch (RuntimeException notYetListening) {
                    TimeUnit.MILLISECONDS.sleep(READY_POLL.toMillis());
                    continue;
                }
                if (ready.status() == 200) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    return new Launch(seconds, eventsApplied(ready.body()));
                }
                TimeUnit.MILLISECONDS.sleep(READY_POLL.toMillis());
            }
            throw new IllegalStateException(
                    "the example API was not ready within "
                            + DEADLINE
                            + "; see "
                            + instance.logFile());
        } finally {
            instance.close();
        }
    }

    private static long eventsApplied(String health) {
        try {
            for (JsonNode check : Http.JSON.readTree(health).path("checks")) {
                if ("grantwire-revocation-feed".equals(check.path("name").asText())) {
                    return check.path("data").path("eventsApplied").asLong();
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable health answer: " + health, e);
        }
        return -1;
    }
}
