package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.events.EventTypes;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.testsupport.kafka.KafkaAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * revocation-service's sustained throughput: clients revoke their access tokens (RFC 7009, {@code
 * POST /oauth2/revoke}) in a closed loop at rising concurrency. Each revoke is the whole path a
 * revocation takes: grant-service authenticates the client and resolves the token, the ledger row
 * and its outbox row commit in PostgreSQL, the event is sent to the broker. Measured per level:
 * revokes answered per second with their latency, the servers' CPU per revocation (revocation-
 * service, grant-service, PostgreSQL and the broker), and on the topic itself the revocation events
 * appended per second (a consumer reads their record timestamps) and how long after the last answer
 * the last event was there.
 */
final class RevocationThroughputBench {

    /** Concurrency levels, warm-up and measured window; tokens are minted before each level. */
    record Settings(List<Integer> concurrency, Duration warmUp, Duration measure) {}

    private static final Duration DRAIN_DEADLINE = Duration.ofMinutes(2);

    /** A generous guess of revokes per second at any level, to mint enough tokens up front. */
    private static final int MAX_PER_SECOND = 600;

    private RevocationThroughputBench() {}

    static Report.Section run(
            Settings settings,
            GrantwireSide app,
            String revocationUrl,
            KafkaAccess reader,
            ProcessCpu servers,
            Map<String, ProcessCpu> components)
            throws Exception {
        String revokeUrl = revocationUrl + "/oauth2/revoke";
        ObjectNode json = Http.JSON.createObjectNode();
        ArrayNode levels = json.putArray("levels");
        StringBuilder table = new StringBuilder();
        StringBuilder split = new StringBuilder();
        split.append("| concurrency |");
        components.keySet().forEach(name -> split.append(' ').append(name).append(" |"));
        split.append("\n|---|");
        components.keySet().forEach(name -> split.append("---|"));
        split.append('\n');
        table.append(
                "| concurrency | revokes answered/s | p50 ms | p99 ms | errors | events on the"
                        + " topic/s | last answer → last event ms | server CPU ms/revocation |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        try (TopicCounter topic = new TopicCounter(reader)) {
            for (int concurrency : settings.concurrency()) {
                int needed =
                        (int)
                                (MAX_PER_SECOND
                                        * (settings.warmUp().toSeconds()
                                                + settings.measure().toSeconds()
                                                + 1));
                ConcurrentLinkedQueue<String> tokens = mint(app, needed);
                AtomicLong recorded = new AtomicLong();
                long eventsBefore = topic.count();
                Map<String, Double> cpuBefore = new java.util.LinkedHashMap<>();
                components.forEach((name, cpu) -> cpuBefore.put(name, cpu.seconds()));
                ClosedLoop.Result result =
                        ClosedLoop.run(
                                        concurrency,
                                        settings.warmUp(),
                                        settings.measure(),
                                        () -> {
                                            Http http = new Http();
                                            return () -> {
                                                String token = tokens.poll();
                                                if (token == null) {
                                                    return -2; // ran out: counted as an error
                                                }
                                                http.form(
                                                                revokeUrl,
                                                                app.basic(),
                                                                Map.of(
                                                                        "token",
                                                                        token,
                                                                        "token_type_hint",
                                                                        "access_token"))
                                                        .expect(200, "revoke");
                                                recorded.incrementAndGet();
                                                return 200;
                                            };
                                        },
                                        servers)
                                .requireSuccess("revokes at concurrency " + concurrency);
                long answeredAll = System.currentTimeMillis();
                // Per component, over warm-up and window alike: CPU-seconds by every revoke made.
                ObjectNode perComponent = Http.JSON.createObjectNode();
                split.append("| ").append(concurrency).append(" |");
                for (Map.Entry<String, ProcessCpu> component : components.entrySet()) {
                    double millis =
                            (component.getValue().seconds() - cpuBefore.get(component.getKey()))
                                    * 1000
                                    / Math.max(1, recorded.get());
                    perComponent.put(component.getKey(), millis);
                    split.append(String.format(Locale.ROOT, " %.2f |", millis));
                }
                split.append('\n');
                long expected = eventsBefore + recorded.get();
                long deadline = System.nanoTime() + DRAIN_DEADLINE.toNanos();
                while (topic.count() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                if (topic.count() < expected) {
                    throw new IllegalStateException(
                            (expected - topic.count())
                                    + " recorded revocations never reached the topic");
                }
                long lastEventLag = Math.max(0, topic.lastTimestamp() - answeredAll);
                long windowEnd = answeredAll;
                long windowStart = windowEnd - (long) (result.seconds() * 1000);
                double eventsPerSecond =
                        topic.countBetween(windowStart, windowEnd) / result.seconds();

                ObjectNode level = levels.addObject();
                level.put("concurrency", concurrency);
                level.put("answeredPerSecond", result.perSecond());
                level.put("requests", result.requests());
                level.put("errors", result.errors());
                level.put("p50Millis", result.p(50));
                level.put("p99Millis", result.p(99));
                level.put("maxMillis", result.p(100));
                level.put("eventsPerSecond", eventsPerSecond);
                level.put("lastAnswerToLastEventMillis", lastEventLag);
                level.put("serverCpuMillisPerRevocation", result.cpuPerRequestMillis());
                level.put("generatorCpuSeconds", result.generatorCpuSeconds());
                level.set("cpuMillisPerRevocationByComponent", perComponent);
                table.append(
                        String.format(
                                Locale.ROOT,
                                "| %d | %.0f | %.1f | %.1f | %d | %.0f | %d | %.2f |%n",
                                concurrency,
                                result.perSecond(),
                                result.p(50),
                                result.p(99),
                                result.errors(),
                                eventsPerSecond,
                                lastEventLag,
                                result.cpuPerRequestMillis()));
                System.out.printf(
                        Locale.ROOT,
                        "  revokes at concurrency %d: %.0f/s answered, %.0f events/s on the"
                                + " topic%n",
                        concurrency,
                        result.perSecond(),
                        eventsPerSecond);
            }
        }
        String md =
                String.format(
                        Locale.ROOT,
                        "Clients revoke their own access tokens (RFC 7009) in a closed loop, %d s"
                                + " warm-up then %d s measured per level. Each revoke is the whole"
                                + " path: grant-service authenticates the client and resolves the"
                                + " token, the ledger and outbox rows commit, the event goes to the"
                                + " broker (acks=all). \"Events on the topic\" counts the"
                                + " revocation events appended in the window (their record"
                                + " timestamps, read back by a consumer); \"last answer → last"
                                + " event\" is how far the outbox trailed the answers. Server CPU"
                                + " is revocation-service, grant-service, PostgreSQL and the"
                                + " broker together.%n%n%s%nCPU milliseconds per revocation by"
                                + " process (warm-up and window together; PostgreSQL with its"
                                + " backends; the guards also read and apply every event):%n%n%s",
                        settings.warmUp().toSeconds(),
                        settings.measure().toSeconds(),
                        table,
                        split);
        return new Report.Section(
                "revocation-service throughput through the outbox", md, json, List.of());
    }

    /** Client-credentials access tokens of the app, minted on four threads. */
    private static ConcurrentLinkedQueue<String> mint(GrantwireSide app, int count)
            throws Exception {
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int share = count / 4 + (t < count % 4 ? 1 : 0);
                work.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < share; i++) {
                                        tokens.add(app.clientCredentialsToken());
                                    }
                                    return null;
                                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return tokens;
    }

    /**
     * Reads the revocation topic from its end on a thread of its own and keeps the record
     * timestamps of revocation events (heartbeats are skipped).
     */
    private static final class TopicCounter implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<Long> timestamps = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        TopicCounter(KafkaAccess reader) {
            Properties config = reader.clientProperties();
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer = new KafkaConsumer<>(config);
            TopicPartition partition = new TopicPartition(RevocationTopic.NAME, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition); // resolves the end now, before any revoke is sent
            thread = new Thread(this::read, "throughput-topic-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void read() {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    Header type = record.headers().lastHeader(EventTypes.CE_TYPE);
                    if (type != null
                            && EventTypes.REVOCATION_CREATED_V1.equals(
                                    new String(type.value(), StandardCharsets.UTF_8))) {
                        synchronized (timestamps) {
                            timestamps.add(record.timestamp());
                        }
                    }
                }
            }
        }

        long count() {
            synchronized (timestamps) {
                return timestamps.size();
            }
        }

        long lastTimestamp() {
            synchronized (timestamps) {
                return timestamps.isEmpty() ? 0 : timestamps.get(timestamps.size() - 1);
            }
        }

        long countBetween(long fromMillis, long toMillis) {
            synchronized (timestamps) {
                return timestamps.stream().filter(t -> t >= fromMillis && t < toMillis).count();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
