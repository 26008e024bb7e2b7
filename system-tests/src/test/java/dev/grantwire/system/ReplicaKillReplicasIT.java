package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.balancer.Haproxy;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steady mixed traffic through HAProxy (client-credentials tokens, refreshes, API calls, authorize
 * requests, RFC 7009 revocations at a fixed rate) while one replica of each service in turn is
 * killed with -9 and restarted. Only idempotent calls are retried, once (API reads, the authorize
 * page, RFC 7009 revocation); a token request or a refresh never is. No revocation is lost: every
 * one answered is refused at every example API instance. Counts per phase and the balancer's
 * reaction times go to {@code results/replica-kill.json} in the stack's folder and to the test's
 * output.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaKillReplicasIT {

    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration STEADY =
            Duration.ofSeconds(Long.getLong("grantwire.replica-kill.steady-seconds", 3));
    private static final Duration RESTART = Duration.ofMinutes(3);
    private static final HttpClient HTTP =
            // HTTP/1.1: no h2c upgrade, which would tie a connection to one replica (Grantwire).
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();

    private Stack stack;
    private Grantwire grantwire;
    private App app;
    private final List<Tokens> readers = new ArrayList<>();
    private final Queue<Tokens> chains = new ConcurrentLinkedQueue<>();
    private final Queue<String> revoked = new ConcurrentLinkedQueue<>();
    private final AtomicLong revocationsSent = new AtomicLong();
    private volatile String phase = "steady";

    /** What each I/O failure said, by phase. */
    private final Map<String, AtomicLong> ioErrors = new ConcurrentHashMap<>();

    /** phase -> kind -> outcome -> count. */
    private final Map<String, Map<String, Map<String, AtomicLong>>> outcomes =
            new ConcurrentHashMap<>();

    @BeforeAll
    void setUp(Stack stack) {
        this.stack = stack;
        grantwire = new Grantwire(stack);
        app = grantwire.registerApp(SCOPES);
        for (int i = 0; i < 8; i++) {
            Tokens tokens = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
            readers.add(tokens);
        }
        for (int i = 0; i < 4; i++) {
            chains.add(grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES));
        }
    }

    @Test
    void aReplicaOfEachServiceKilledUnderLoadThenNothingLostAndTheBalancerRoutesAroundIt()
            throws Exception {
        Haproxy balancer = stack.balancer().orElseThrow();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(6);
        every(load, 50, "token", this::clientCredentials);
        every(load, 100, "refresh", this::refresh);
        every(load, 25, "api", this::apiCall);
        every(load, 100, "authorize", this::authorizePage);
        every(load, 200, "revoke", this::revoke);
        ObjectNode report = new ObjectMapper().createObjectNode();
        ArrayNode kills = report.putArray("kills");
        try {
            Thread.sleep(STEADY.toMillis());
            for (Service service :
                    List.of(
                            Service.GRANT,
                            Service.REVOCATION,
                            Service.CONSENT,
                            Service.RESOURCE_API)) {
                ServiceProcess victim = stack.replicas(service).get(0);
                Haproxy.ServerState beforeKill =
                        balancer.server(service.displayName(), victim.name());
                phase = service.displayName() + " killed";
                long killed = System.nanoTime();
                victim.kill();
                await(victim.name() + " marked down")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> !balancer.server(service.displayName(), victim.name()).up());
                long down = System.nanoTime();
                Thread.sleep(STEADY.toMillis());
                phase = service.displayName() + " restarting";
                long servedBefore =
                        balancer.server(service.displayName(), victim.name()).requests();
                long restarted = System.nanoTime();
                victim.restart();
                await(victim.name() + " marked up again")
                        .atMost(RESTART)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> balancer.server(service.displayName(), victim.name()).up());
                long up = System.nanoTime();
                await(victim.name() + " served again")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () ->
                                        balancer.server(service.displayName(), victim.name())
                                                        .requests()
                                                > servedBefore);
                long serving = System.nanoTime();
                Haproxy.ServerState afterRestart =
                        balancer.server(service.displayName(), victim.name());
                phase = service.displayName() + " back";
                Thread.sleep(STEADY.toMillis());
                kills.addObject()
                        .put("replica", victim.name())
                        .put("killedToMarkedDownMs", (down - killed) / 1_000_000)
                        .put("restartToMarkedUpMs", (up - restarted) / 1_000_000)
                        .put("restartToServingMs", (serving - restarted) / 1_000_000)
                        // Connections to the dead replica HAProxy tried again before it was
                        // marked down: refused at connect, so nothing had been sent.
                        .put("connectionsRetried", afterRestart.retries() - beforeKill.retries())
                        .put(
                                "connectionsRedispatched",
                                afterRestart.redispatches() - beforeKill.redispatches())
                        .put("answered5xx", afterRestart.errors5xx() - beforeKill.errors5xx());
            }
        } finally {
            load.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);
            for (ServiceProcess replica : allReplicas()) {
                if (!replica.isRunning()) {
                    replica.restart().awaitReady(RESTART);
                }
            }
        }

        // Every revocation that was answered is refused at every example API instance.
        List<String> instances = Instances.of(stack);
        for (String token : revoked) {
            Instances.awaitStatus(grantwire, instances, token, 401, Duration.ofSeconds(30));
        }
        report.put("revocationsSent", revocationsSent.get());
        report.put("revocationsAnswered", revoked.size());
        report.put("revocationsRefusedEverywhere", revoked.size());
        report.set("outcomes", new ObjectMapper().valueToTree(counts()));
        report.set("ioErrors", new ObjectMapper().valueToTree(new TreeMap<>(ioErrors)));
        Path results = StackExtension.work().resolve("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("replica-kill.json"), report.toPrettyString());
        System.out.println("Replica kill under load:\n" + report.toPrettyString());

        assertThat(kills).hasSize(4);
        assertThat(revoked).hasSizeGreaterThan(10);
        Map<String, Map<String, Map<String, Long>>> counts = counts();
        // Outside the kills nothing fails, and in each phase most requests succeed: the balancer
        // routes around the dead replica and only requests in flight at the kill can fail.
        for (Map.Entry<String, Map<String, Map<String, Long>>> byPhase : counts.entrySet()) {
            for (Map.Entry<String, Map<String, Long>> byKind : byPhase.getValue().entrySet()) {
                long ok = byKind.getValue().getOrDefault("ok", 0L);
                long all = byKind.getValue().values().stream().mapToLong(Long::longValue).sum();
                assertThat(ok)
                        .as(byPhase.getKey() + " " + byKind.getKey() + " " + byKind.getValue())
                        .isGreaterThanOrEqualTo(all - 10);
            }
        }
    }

    private List<ServiceProcess> allReplicas() {
        List<ServiceProcess> all = new ArrayList<>();
        for (Service service : Service.values()) {
            all.addAll(stack.replicas(service));
        }
        return all;
    }

    // --- the traffic ---------------------------------------------------------------------------

    /**
     * Runs {@code call} at a fixed rate; whatever it throws is counted, never allowed to end the
     * schedule (a scheduled task that throws is never run again).
     */
    private void every(ScheduledExecutorService load, long millis, String kind, Runnable call) {
        load.scheduleAtFixedRate(
                () -> {
                    try {
                        call.run();
                    } catch (RuntimeException | AssertionError e) {
                        count(kind + "-client", e.getClass().getSimpleName());
                    }
                },
                0,
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** A service's own token, as consent-service renews it (apps here have no app-level scope). */
    private void clientCredentials() {
        send(
                "token",
                false,
                HttpRequest.newBuilder(URI.create(stack.url(Service.GRANT) + "/oauth2/token"))
                        .header(
                                "Authorization",
                                new App(Grantwire.CONSENT_CLIENT, Grantwire.CONSENT_SECRET).basic())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "grant_type=client_credentials")));
    }

    /**
     * One refresh on one chain; a chain whose refresh failed in flight is replaced, never retried.
     */
    private void refresh() {
        Tokens chain = chains.poll();
        if (chain == null) {
            return;
        }
        HttpResponse<String> answer =
                send(
                        "refresh",
                        false,
                        form(
                                Service.GRANT,
                                "/oauth2/token",
                                "grant_type=refresh_token&refresh_token=" + chain.refresh()));
        if (answer != null && answer.statusCode() == 200) {
            chains.add(
                    Grantwire.tokens(
                            new Grantwire.Answer(200, answer.headers().map(), answer.body())));
        } else {
            chains.add(grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES));
        }
    }

    private void apiCall() {
        Tokens reader = readers.get((int) (System.nanoTime() % readers.size()));
        send(
                "api",
                true,
                HttpRequest.newBuilder(
                                URI.create(stack.url(Service.RESOURCE_API) + "/api/work-items"))
                        .header("Authorization", "Bearer " + reader.access())
                        .GET());
    }

    private void authorizePage() {
        send(
                "authorize",
                true,
                HttpRequest.newBuilder(
                                URI.create(
                                        grantwire
                                                .authorizeRequest(
                                                        app, Grantwire.REDIRECT_URI, SCOPES)
                                                .url()))
                        .GET());
    }

    /** A new grant's access token, revoked by the app at RFC 7009 (idempotent: retried once). */
    private void revoke() {
        Tokens tokens;
        try {
            tokens = grantwire.authorize(grantwire.newUser(), app, SCOPES, null);
        } catch (AssertionError | RuntimeException e) {
            count("revoke-setup", e.getClass().getSimpleName());
            return;
        }
        revocationsSent.incrementAndGet();
        HttpResponse<String> answer =
                send(
                        "revoke",
                        true,
                        form(Service.REVOCATION, "/oauth2/revoke", "token=" + tokens.access()));
        if (answer != null && answer.statusCode() == 200) {
            revoked.add(tokens.access());
        }
    }

    private HttpRequest.Builder form(Service service, String path, String body) {
        return HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .header("Authorization", app.basic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /**
     * Sends and counts the outcome in the current phase: {@code ok} (a 2xx or 3xx), the status, or
     * the exception; an idempotent call that failed is retried once ({@code retried-ok} ...).
     */
    private HttpResponse<String> send(
            String kind, boolean idempotent, HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        String phaseNow = phase;
        HttpResponse<String> answer = attempt(built);
        String outcome = outcome(answer);
        if (!outcome.equals("ok") && idempotent) {
            answer = attempt(built);
            outcome = "retried-" + outcome(answer);
        }
        count(phaseNow, kind, outcome.equals("retried-ok") ? "ok" : outcome);
        if (outcome.startsWith("retried")) {
            count(phaseNow, kind + "-retries", outcome);
        }
        return answer;
    }

    private HttpResponse<String> attempt(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ioErrors.computeIfAbsent(phase + ": " + e, k -> new AtomicLong()).incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String outcome(HttpResponse<String> answer) {
        if (answer == null) {
            return "io-error";
        }
        int status = answer.statusCode();
        return status < 400 ? "ok" : String.valueOf(status);
    }

    private void count(String kind, String outcome) {
        count(phase, kind, outcome);
    }

    private void count(String phase, String kind, String outcome) {
        outcomes.computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> new AtomicLong())
                .incrementAndGet();
    }

    private Map<String, Map<String, Map<String, Long>>> counts() {
        Map<String, Map<String, Map<String, Long>>> counts = new TreeMap<>();
        outcomes.forEach(
                (phase, kinds) ->
                        kinds.forEach(
                                (kind, results) -> {
                                    if (!kind.endsWith("-retries")
                                            && !kind.equals("revoke-setup")) {
                                        results.forEach(
                                                (outcome, n) ->
                                                        counts.computeIfAbsent(
                                                                        phase, p -> new TreeMap<>())
                                                                .computeIfAbsent(
                                                                        kind, k -> new TreeMap<>())
                                                                .put(outcome, n.get()));
                                    }
                                }));
        return counts;
    }
}
