package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.testsupport.Ports;
import dev.grantwire.testsupport.balancer.Haproxy;
import dev.grantwire.testsupport.postgres.Postgres;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL, which every service's database lives in here, stopped (a fast shutdown) and started
 * again, then killed with -9 (postmaster and backends) and started again, under steady mixed
 * traffic through HAProxy ({@link MixedLoad}, no retries). Asserted:
 *
 * <ul>
 *   <li>every answer meanwhile is a success or a 503 with {@code Retry-After} in the endpoint's
 *       shape (RFC 6749 {@code temporarily_unavailable} on OAuth endpoints, problem+json on the
 *       API, a page on pages): never another 5xx, never an I/O error or a hang;
 *   <li>no refresh was half done: a refresh answered 503 is sent again with the same refresh token
 *       once the database is back, and none is refused as a reuse;
 *   <li>no replica of any service goes out of the balancer (readiness never asks PostgreSQL);
 *   <li>every revocation answered 200, before, during or after the outages, is refused at every
 *       example API instance (published from the outbox, none lost);
 *   <li>every service recovers without a restart (same processes), and the traffic is all successes
 *       again once the database is back.
 * </ul>
 *
 * Counts per phase, recovery times and revocations per instance go to {@code
 * results/postgres-outage.json} in the stack's folder and to the test's output.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresOutageReplicasIT {

    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration STEADY = Duration.ofSeconds(3);

    /** Shorter than B (10 s here): the guards' own staleness is another test's subject. */
    private static final Duration OUTAGE = Duration.ofSeconds(4);

    /** How long after PostgreSQL is back failures may still be counted as the outage's. */
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Stack stack;
    private Grantwire grantwire;
    private MixedLoad traffic;

    /** kind -> when (nanoTime) its last failed answer came, in the current recovery phase. */
    private final Map<String, Long> lastFailure = new ConcurrentHashMap<>();

    /** kind -> when (nanoTime) its first success came after PostgreSQL was back. */
    private final Map<String, Long> firstSuccess = new ConcurrentHashMap<>();

    private volatile boolean recovering;

    /** Replicas seen out of the balancer, as "phase: backend/replica". */
    private final Set<String> seenDown = new ConcurrentSkipListSet<>();

    @BeforeAll
    void setUp(Stack stack) {
        this.stack = stack;
        grantwire = new Grantwire(stack);
        traffic =
                new MixedLoad(grantwire, grantwire.registerApp(SCOPES), SCOPES, false, this::judge);
    }

    @Test
    void postgresStoppedThenKilledUnderLoadThenClear503sNothingLostAndRecoveryWithoutRestarts()
            throws Exception {
        Postgres postgres = stack.postgres();
        Haproxy balancer = stack.balancer().orElseThrow();
        Map<String, Long> pids = pids();
        ObjectNode report = JSON.createObjectNode();
        ArrayNode faults = report.putArray("faults");
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
        String[] phase = {"steady"};
        watch.scheduleAtFixedRate(
                () ->
                        balancer.servers()
                                .forEach(
                                        (name, state) -> {
                                            if (!state.up()) {
                                                seenDown.add(phase[0] + ": " + name);
                                            }
                                        }),
                0,
                100,
                TimeUnit.MILLISECONDS);
        traffic.start();
        int revokedBeforeFaults;
        try {
            // The services' code paths compiled and their pools filled before anything is judged.
            Thread.sleep(WARM_UP.toMillis());
            traffic.phase(phase[0]);
            Thread.sleep(STEADY.toMillis());
            revokedBeforeFaults = traffic.revoked().size();
            for (String fault : List.of("stopped", "killed")) {
                phase[0] = "postgres " + fault;
                traffic.phase(phase[0]);
                long down = System.nanoTime();
                if (fault.equals("stopped")) {
                    postgres.stop();
                } else {
                    postgres.kill();
                }
                long stopped = System.nanoTime();
                Thread.sleep(OUTAGE.toMillis());
                long restarting = System.nanoTime();
                postgres.restart();
                long accepting = System.nanoTime();
                lastFailure.clear();
                firstSuccess.clear();
                recovering = true;
                phase[0] = "postgres " + fault + ", recovering";
                traffic.phase(phase[0]);
                Thread.sleep(RECOVERY.toMillis());
                recovering = false;
                ObjectNode entry =
                        faults.addObject()
                                .put("fault", fault)
                                .put("downWithinMs", (stopped - down) / 1_000_000)
                                .put("outageMs", (accepting - down) / 1_000_000)
                                .put("restartMs", (accepting - restarting) / 1_000_000);
                ObjectNode first = entry.putObject("firstSuccessAfterRestartMs");
                new TreeMap<>(firstSuccess)
                        .forEach((kind, at) -> first.put(kind, (at - accepting) / 1_000_000));
                assertThat(firstSuccess).as(fault).containsKeys("token", "refresh", "api");
                ObjectNode recovered = entry.putObject("lastFailureAfterRestartMs");
                new TreeMap<>(lastFailure)
                        .forEach(
                                (kind, at) ->
                                        recovered.put(
                                                kind, Math.max(0, (at - accepting) / 1_000_000)));
                phase[0] = "postgres " + fault + ", back";
                traffic.phase(phase[0]);
                Thread.sleep(STEADY.toMillis());
            }
        } finally {
            traffic.stop();
            watch.shutdownNow();
            if (!Ports.isListening(postgres.port())) {
                // A fault step failed half way: the later tests need the database.
                postgres.restart();
            }
        }

        // Every revocation answered 200 is refused at every example API instance.
        List<String> instances = Instances.of(stack);
        Map<String, Integer> refusedAt = new LinkedHashMap<>();
        for (String instance : instances) {
            for (String token : traffic.revoked()) {
                Instances.awaitStatus(
                        grantwire, List.of(instance), token, 401, Duration.ofSeconds(30));
            }
            refusedAt.put(instance, traffic.revoked().size());
        }

        Map<String, Map<String, Map<String, Long>>> counts = traffic.counts();
        report.put("revocationsSent", traffic.revocationsSent());
        report.put("revocationsAnswered", traffic.revoked().size());
        report.put("revocationsAnsweredBeforeTheFirstFault", revokedBeforeFaults);
        report.set("revocationsRefusedPerInstance", JSON.valueToTree(refusedAt));
        report.set("outcomes", JSON.valueToTree(counts));
        report.set("sideCounts", JSON.valueToTree(traffic.allCounts()));
        report.set("latencyMs", JSON.valueToTree(traffic.latencies()));
        report.set("ioErrors", JSON.valueToTree(traffic.ioErrors()));
        report.set("replicasSeenDown", JSON.valueToTree(seenDown));
        Path results = StackExtension.work().resolve("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("postgres-outage.json"), report.toPrettyString());
        System.out.println("PostgreSQL outages under load:\n" + report.toPrettyString());

        // Every answer was a success or a clear 503; nothing hung or broke a connection.
        assertThat(traffic.allCounts().values())
                .allSatisfy(
                        kinds ->
                                assertThat(kinds.keySet())
                                        .noneMatch(kind -> kind.endsWith("-judged"))
                                        .noneMatch(kind -> kind.endsWith("-skipped"))
                                        .noneMatch(kind -> kind.endsWith("-client")));
        assertThat(traffic.ioErrors()).isEmpty();
        counts.forEach(
                (name, kinds) ->
                        kinds.forEach(
                                (kind, outcomes) -> {
                                    assertThat(outcomes.keySet())
                                            .as(name + " " + kind)
                                            .isSubsetOf("ok", "503");
                                    if (name.equals("steady")
                                            || name.matches("postgres \\w+, back")) {
                                        assertThat(outcomes.keySet())
                                                .as(name + " " + kind)
                                                .containsOnly("ok");
                                    }
                                }));
        // The outages were real: the token endpoint, which needs the database, said so.
        for (String fault : List.of("stopped", "killed")) {
            assertThat(counts.get("postgres " + fault).get("token")).as(fault).containsKey("503");
        }
        assertThat(seenDown).isEmpty();
        assertThat(pids()).isEqualTo(pids);
        assertThat(traffic.revoked()).hasSizeGreaterThan(revokedBeforeFaults);
        assertThat(revokedBeforeFaults).isPositive();
    }

    /** Every answer: a success, or a 503 with Retry-After in the endpoint's shape. */
    private void judge(
            String phase, String kind, HttpRequest request, HttpResponse<String> answer) {
        if (answer == null || answer.statusCode() >= 400) {
            lastFailure.put(kind, System.nanoTime());
        } else if (recovering) {
            firstSuccess.putIfAbsent(kind, System.nanoTime());
        }
        if (answer == null || answer.statusCode() < 500) {
            return;
        }
        String where = kind + " " + request.uri().getPath() + " " + answer.statusCode();
        assertThat(answer.statusCode()).as(where).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).as(where).isPresent();
        String type = answer.headers().firstValue("Content-Type").orElse("");
        String path = request.uri().getPath();
        if (kind.equals("authorize")) {
            // consent-service's approval page: a page, also at /oauth2/authorize.
            assertThat(type).as(where).startsWith("text/html");
            assertThat(answer.body()).as(where).contains("Try again");
        } else if (path.startsWith("/oauth2/")) {
            assertThat(type).as(where).startsWith("application/json");
            assertThat(field(answer.body(), "error"))
                    .as(where)
                    .isEqualTo("temporarily_unavailable");
        } else if (path.startsWith("/api/")) {
            assertThat(type).as(where).startsWith("application/problem+json");
            assertThat(field(answer.body(), "status")).as(where).isEqualTo("503");
        } else {
            assertThat(type).as(where).startsWith("text/html");
            assertThat(answer.body()).as(where).contains("Try again");
        }
    }

    private static String field(String json, String name) {
        try {
            JsonNode node = JSON.readTree(json).get(name);
            return node == null ? null : node.asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "not JSON: " + json.substring(0, Math.min(200, json.length())));
        }
    }

    private Map<String, Long> pids() {
        Map<String, Long> pids = new TreeMap<>();
        for (Service service : Service.values()) {
            for (ServiceProcess replica : stack.replicas(service)) {
                pids.put(replica.name(), replica.isRunning() ? replica.pid() : -1);
            }
        }
        return pids;
    }
}
