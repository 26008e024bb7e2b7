package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.events.FeedEvent;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.service.ServiceMetrics;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bounded soak (issue 19, item 5): fixed-rate mixed traffic on loopback ({@link MixedLoad}:
 * client-credentials tokens, refreshes, RFC 7662 introspection, API calls, authorize pages, RFC
 * 7009 revocations and users' revocations, each of a new consent) that stops by itself. One minute
 * inside {@code ./mvnw verify}; ten by {@code -Dgrantwire.soak.seconds=600} (README,
 * RELIABILITY.md).
 *
 * <p>Asserted: every answer a success (no 429: the stack's limits are above this load; no 5xx, no
 * I/O error, no request left waiting), every revocation answered refused at every example API
 * instance, and what grows with traffic bounded by its window: the topic (one record per
 * revocation, one heartbeat a second), the outboxes (nothing left unsent), the guards' tables (no
 * more entries than revocations within an entry's lifetime), no code kept past its pruning window.
 * Reported: p50, p99 and max per operation, p99 over time, and each service's heap after a full
 * collection over time with its slope (MB per minute), in {@code results/soak.json}, {@code
 * soak.md} and two SVG plots in the stack's folder.
 */
@ExtendWith(StackExtension.class)
class SoakIT {

    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration DURATION =
            Duration.ofSeconds(Long.getLong("grantwire.soak.seconds", 60));
    private static final Duration HEAP_EVERY =
            Duration.ofSeconds(DURATION.toMinutes() >= 5 ? 30 : 10);
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    /** Periods in milliseconds: about 40 requests a second, plus 3 new consents a second. */
    private static final Map<String, Long> PERIODS =
            Map.of(
                    "api", 50L,
                    "token", 200L,
                    "refresh", 200L,
                    "introspect", 200L,
                    "authorize", 500L,
                    "revoke", 500L,
                    "user-revoke", 1000L);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fixedRateMixedLoadAllSucceedsNothingIsLostAndEverythingStaysBounded(Stack stack)
            throws Exception {
        Grantwire grantwire = new Grantwire(stack);
        MixedLoad load =
                new MixedLoad(grantwire, grantwire.registerApp(SCOPES), SCOPES, false, null);
        Map<String, ServiceProcess> processes = processes(stack);
        Map<String, List<double[]>> heap = new TreeMap<>();

        load.start(PERIODS);
        Thread.sleep(WARM_UP.toMillis());
        load.phase("soak");
        long start = System.nanoTime();
        long nextSample = start;
        while (System.nanoTime() - start < DURATION.toNanos()) {
            if (System.nanoTime() >= nextSample) {
                double minutes = (System.nanoTime() - start) / 60e9;
                processes.forEach(
                        (name, process) ->
                                heap.computeIfAbsent(name, n -> new ArrayList<>())
                                        .add(
                                                new double[] {
                                                    minutes, heapAfterGcMegabytes(process)
                                                }));
                nextSample += HEAP_EVERY.toNanos();
            }
            Thread.sleep(200);
        }
        load.phase("stopping");
        load.stop();
        double minutes = (System.nanoTime() - start) / 60e9;
        processes.forEach(
                (name, process) ->
                        heap.get(name).add(new double[] {minutes, heapAfterGcMegabytes(process)}));

        // Nothing left unsent once the traffic stops.
        await("outboxes drained")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                count(stack, Service.REVOCATION, "outbox WHERE sent_at IS NULL")
                                                == 0
                                        && count(
                                                        stack,
                                                        Service.GRANT,
                                                        "command_outbox WHERE delivered_at IS NULL")
                                                == 0);
        List<String> instances = Instances.of(stack);
        for (String token : load.revoked()) {
            Instances.awaitStatus(grantwire, instances, token, 401, Duration.ofSeconds(30));
        }

        // What grows with traffic, against its window.
        Duration entryLifetime =
                RevocationBounds.MAX_ACCESS_TOKEN_LIFETIME
                        .plus(StackExtension.STALENESS)
                        .plus(RevocationBounds.DEFAULT_CLOCK_SKEW.multipliedBy(2));
        long ledgerInWindow =
                count(
                        stack,
                        Service.REVOCATION,
                        "revocation WHERE revoked_at > clock_timestamp() - interval '"
                                + entryLifetime.toSeconds()
                                + " seconds'");
        long ledger = count(stack, Service.REVOCATION, "revocation");
        long outbox = count(stack, Service.REVOCATION, "outbox");
        long commandOutbox = count(stack, Service.GRANT, "command_outbox");
        // grant-service keeps a used or expired code 10 minutes past its expiry (a late replay
        // still kills the grant) and prunes every 5 minutes: none may be older than that, with a
        // minute to spare. A run shorter than that cannot see a prune; the ten-minute one reports
        // how many it holds.
        long codes = count(stack, Service.GRANT, "authorization_code");
        long staleCodes =
                count(
                        stack,
                        Service.GRANT,
                        "authorization_code WHERE expires_at < clock_timestamp() - interval '16"
                                + " minutes'");
        Map<String, Double> guardTables = new TreeMap<>();
        for (ServiceProcess api : stack.resourceApis()) {
            if (api.isRunning()) {
                guardTables.put(
                        api.name(), ServiceMetrics.value(api, "grantwire_guard_table_size"));
            }
        }
        List<FeedEvent> topic;
        try (FeedProbe probe = new FeedProbe(stack.kafka().access(KafkaUser.ADMIN))) {
            topic = probe.eventsOnTopic(Duration.ofSeconds(30));
        }
        List<RevocationEvent> revocations =
                topic.stream()
                        .filter(RevocationEvent.class::isInstance)
                        .map(RevocationEvent.class::cast)
                        .toList();
        List<FeedHeartbeat> heartbeats =
                topic.stream()
                        .filter(FeedHeartbeat.class::isInstance)
                        .map(FeedHeartbeat.class::cast)
                        .toList();
        Set<Long> sequences = new TreeSet<>();
        revocations.forEach(r -> sequences.add(r.sequence()));
        double topicSeconds =
                heartbeats.isEmpty()
                        ? 0
                        : (heartbeats.get(heartbeats.size() - 1).emittedAt()
                                        - heartbeats.get(0).emittedAt())
                                / 1000.0;

        Map<String, Map<String, Map<String, Long>>> counts = load.counts();
        Map<String, Map<String, Map<String, Long>>> latencies = load.latencies();
        Map<String, Double> slopes = new TreeMap<>();
        heap.forEach((name, points) -> slopes.put(name, slope(points)));

        ObjectNode report = JSON.createObjectNode();
        report.put("seconds", DURATION.toSeconds());
        report.set("periodsMs", JSON.valueToTree(new TreeMap<>(PERIODS)));
        report.set("outcomes", JSON.valueToTree(counts));
        report.set("sideCounts", JSON.valueToTree(load.allCounts()));
        report.set("ioErrors", JSON.valueToTree(load.ioErrors()));
        report.set("latencyMs", JSON.valueToTree(latencies));
        report.set("heapAfterGcMb", JSON.valueToTree(heap));
        report.set("heapSlopeMbPerMinute", JSON.valueToTree(slopes));
        report.put("revocationsAnswered", load.revoked().size());
        report.put("ledgerRows", ledger);
        report.put("ledgerRowsWithinEntryLifetime", ledgerInWindow);
        report.put("outboxRows", outbox);
        report.put("commandOutboxRows", commandOutbox);
        report.put("codeRows", codes);
        report.put("codesExpiredOverSixteenMinutesAgo", staleCodes);
        report.set("guardTableEntries", JSON.valueToTree(guardTables));
        report.put("topicRevocationRecords", revocations.size());
        report.put("topicDistinctSequences", sequences.size());
        report.put("topicHeartbeats", heartbeats.size());
        report.put("topicHeartbeatSpanSeconds", topicSeconds);
        Path results = StackExtension.work().resolve("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("soak.json"), report.toPrettyString());
        Files.writeString(
                results.resolve("soak-latency.svg"),
                SvgChart.lines(
                        "p99 latency per 10 s, by operation",
                        "seconds into the soak (after the warm-up)",
                        "milliseconds",
                        soakOnly(load.latencyOverTime(Duration.ofSeconds(10), 0.99))));
        Files.writeString(
                results.resolve("soak-heap.svg"),
                SvgChart.lines(
                        "Heap after a full collection", "minutes into the soak", "MB", heap));
        Files.writeString(results.resolve("soak.md"), summary(latencies, slopes, report));
        System.out.println("Soak:\n" + summary(latencies, slopes, report));

        // Every answer a success: no 429, no 5xx, nothing left waiting or refused.
        assertThat(counts.get("soak")).isNotEmpty();
        counts.get("soak")
                .forEach(
                        (kind, outcomes) ->
                                assertThat(outcomes.keySet()).as(kind).containsOnly("ok"));
        assertThat(load.allCounts().get("soak").keySet())
                .as("no setup failed, no request skipped or failed in the client")
                .allMatch(kind -> PERIODS.containsKey(kind));
        assertThat(load.ioErrors()).isEmpty();
        assertThat(load.revoked()).isNotEmpty();
        // Bounded by their windows.
        assertThat(sequences).hasSize((int) ledger);
        assertThat(revocations.size()).isLessThanOrEqualTo(sequences.size() + 10);
        assertThat((double) heartbeats.size()).isLessThanOrEqualTo(topicSeconds * 1.1 + 10);
        assertThat(outbox).isLessThanOrEqualTo(ledger);
        assertThat(staleCodes).isZero();
        assertThat(guardTables.values())
                .allSatisfy(
                        entries ->
                                assertThat(entries)
                                        .isLessThanOrEqualTo(ledgerInWindow)
                                        .isGreaterThanOrEqualTo(load.revoked().size()));
    }

    /** The points from the soak's start on, timed from it: the warm-up's JIT is not the soak. */
    private static Map<String, List<double[]>> soakOnly(Map<String, List<double[]>> series) {
        double warmUp = WARM_UP.toSeconds();
        Map<String, List<double[]>> soak = new TreeMap<>();
        series.forEach(
                (kind, points) ->
                        soak.put(
                                kind,
                                points.stream()
                                        .filter(p -> p[0] >= warmUp)
                                        .map(p -> new double[] {p[0] - warmUp, p[1]})
                                        .toList()));
        return soak;
    }

    /** The services whose heap is followed, by name. */
    private static Map<String, ServiceProcess> processes(Stack stack) {
        Map<String, ServiceProcess> processes = new LinkedHashMap<>();
        for (Service service : List.of(Service.GRANT, Service.REVOCATION, Service.CONSENT)) {
            processes.put(service.displayName(), stack.service(service));
        }
        ServiceProcess api = stack.resourceApis().get(0);
        processes.put(api.name(), api);
        return processes;
    }

    /**
     * A full collection ({@code jcmd GC.run}), then the heap in use as the service's own metrics
     * report it: what is still reachable, the figure a leak makes grow.
     */
    private static double heapAfterGcMegabytes(ServiceProcess process) {
        try {
            Process jcmd =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                            .toString(),
                                    String.valueOf(process.pid()),
                                    "GC.run")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                jcmd.destroyForcibly();
                throw new AssertionError("jcmd GC.run failed for " + process.name());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run jcmd: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        double bytes = ServiceMetrics.sum(process, "jvm_memory_used_bytes", "area=\"heap\"");
        return bytes / (1024 * 1024);
    }

    /** Rows of {@code table} (with an optional WHERE) in a service's database. */
    private static long count(Stack stack, Service service, String tableAndWhere)
            throws SQLException {
        try (Connection c =
                        DriverManager.getConnection(
                                stack.postgres().jdbcUrl(service.database()),
                                stack.postgres().user(),
                                stack.postgres().password());
                Statement statement = c.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + tableAndWhere)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Least-squares slope of y over x. */
    static double slope(List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double meanX = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double meanY = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - meanX) * (p[1] - meanY);
            den += (p[0] - meanX) * (p[0] - meanX);
        }
        return den == 0 ? 0 : num / den;
    }

    private static String summary(
            Map<String, Map<String, Map<String, Long>>> latencies,
            Map<String, Double> slopes,
            ObjectNode report) {
        StringBuilder md = new StringBuilder();
        md.append(
                String.format(
                        Locale.ROOT,
                        "Soak of %d s (after %d s of warm-up), fixed rates %s ms%n%n",
                        DURATION.toSeconds(),
                        WARM_UP.toSeconds(),
                        new TreeMap<>(PERIODS)));
        md.append(
                "| operation | answers | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        latencies
                .getOrDefault("soak", Map.of())
                .forEach(
                        (kind, figures) ->
                                md.append(
                                        String.format(
                                                Locale.ROOT,
                                                "| %s | %d | %d | %d | %d |%n",
                                                kind,
                                                figures.get("count"),
                                                figures.get("p50"),
                                                figures.get("p99"),
                                                figures.get("max"))));
        md.append(
                "\n| service | heap after GC, first → last (MB) | slope (MB/min) |\n|---|---|---:|\n");
        report.get("heapAfterGcMb")
                .fields()
                .forEachRemaining(
                        entry -> {
                            var points = entry.getValue();
                            md.append(
                                    String.format(
                                            Locale.ROOT,
                                            "| %s | %.1f → %.1f | %+.2f |%n",
                                            entry.getKey(),
                                            points.get(0).get(1).asDouble(),
                                            points.get(points.size() - 1).get(1).asDouble(),
                                            slopes.get(entry.getKey())));
                        });
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nRevocations answered %d; ledger %d rows; topic %d revocation records"
                                + " (%d sequences) and %d heartbeats over %.0f s; outbox %d rows, none"
                                + " unsent; command outbox %d rows, none undelivered; guard tables %s"
                                + " entries; codes %d, of which expired over 16 min ago %d.%n",
                        report.get("revocationsAnswered").asLong(),
                        report.get("ledgerRows").asLong(),
                        report.get("topicRevocationRecords").asLong(),
                        report.get("topicDistinctSequences").asLong(),
                        report.get("topicHeartbeats").asLong(),
                        report.get("topicHeartbeatSpanSeconds").asDouble(),
                        report.get("outboxRows").asLong(),
                        report.get("commandOutboxRows").asLong(),
                        report.get("guardTableEntries"),
                        report.get("codeRows").asLong(),
                        report.get("codesExpiredOverSixteenMinutesAgo").asLong()));
        return md.toString();
    }
}
