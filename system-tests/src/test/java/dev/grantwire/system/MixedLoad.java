package dev.grantwire.system;

import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady mixed traffic at fixed rates through the stack's public URLs (HAProxy when replicated):
 * client-credentials tokens, refreshes, API calls, authorize pages and RFC 7009 revocations of new
 * grants. Every answer is counted by phase (named by the test as it injects its fault; a request in
 * flight while the phase changed counts in {@code "<sent> -> <answered>"}), kind and outcome
 * ({@code ok} for a 2xx or 3xx, else the status or {@code io-error}), and shown to an optional
 * {@link Judge}. A refresh whose answer says nothing was done (503, 429) keeps its chain and sends
 * the same refresh token again later; any other failure replaces the chain, so a refresh that was
 * half done shows up as {@code 400-invalid_grant} (the old token's reuse).
 */
final class MixedLoad {

    /** Sees every answer (null for an I/O error) with the phase it was sent in. */
    @FunctionalInterface
    interface Judge {
        void judge(String phase, String kind, HttpRequest request, HttpResponse<String> answer);
    }

    private static final HttpClient HTTP =
            // HTTP/1.1: no h2c upgrade, which would tie a connection to one replica (Grantwire).
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();

    private final Stack stack;
    private final Grantwire grantwire;
    private final App app;
    private final String scopes;
    private final boolean retryIdempotent;
    private final Judge judge;
    private final List<Tokens> readers = new ArrayList<>();
    private final Queue<Tokens> chains = new ConcurrentLinkedQueue<>();
    private final Queue<String> revoked = new ConcurrentLinkedQueue<>();
    private final AtomicLong revocationsSent = new AtomicLong();
    private final Map<String, AtomicLong> ioErrors = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, AtomicLong>>> outcomes =
            new ConcurrentHashMap<>();

    /**
     * kind -> (milliseconds since the start when sent, milliseconds to the answer), for latency
     * over time.
     */
    private final Map<String, Queue<long[]>> timeline = new ConcurrentHashMap<>();

    private volatile long started = System.nanoTime();

    /** phase -> kind -> milliseconds each answer took (first attempts and retries alike). */
    private final Map<String, Map<String, Queue<Long>>> latencies = new ConcurrentHashMap<>();

    /** Ticks at the fixed rates; each tick hands its request to {@link #workers}. */
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    /**
     * Sends the requests, so a slow answer delays no other request (an open loop: the rate holds
     * whatever the latency); at most {@link #IN_FLIGHT} at once, a tick beyond that is counted as
     * {@code skipped}.
     */
    private final ExecutorService workers = Executors.newCachedThreadPool();

    private static final int IN_FLIGHT = 256;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private volatile String phase = "warm-up";

    /**
     * @param retryIdempotent retry a failed API read, authorize page or RFC 7009 revocation once (a
     *     token request or a refresh never is), as a careful client does
     * @param judge sees every answer; may throw nothing but {@link AssertionError}, which is
     *     counted as {@code <kind>-judged}
     */
    MixedLoad(Grantwire grantwire, App app, String scopes, boolean retryIdempotent, Judge judge) {
        this.stack = grantwire.stack();
        this.grantwire = grantwire;
        this.app = app;
        this.scopes = scopes;
        this.retryIdempotent = retryIdempotent;
        this.judge = judge;
        for (int i = 0; i < 8; i++) {
            readers.add(grantwire.authorizeWhenFresh(grantwire.newUser(), app, scopes));
        }
        for (int i = 0; i < 4; i++) {
            chains.add(grantwire.authorizeWhenFresh(grantwire.newUser(), app, scopes));
        }
    }

    /**
     * Starts the traffic: 20 API calls, 10 client-credentials tokens, 5 refreshes, 5 authorize
     * pages and 2.5 revocations (each after a full authorization, about 6 requests) a second. That
     * is what this whole stack, every replica and HAProxy, serves on two cores without queueing.
     */
    MixedLoad start() {
        return start(
                Map.of(
                        "token",
                        100L,
                        "refresh",
                        200L,
                        "api",
                        50L,
                        "authorize",
                        200L,
                        "revoke",
                        400L));
    }

    /**
     * Starts the kinds named, each at its period in milliseconds: {@code token}, {@code refresh},
     * {@code api}, {@code authorize}, {@code revoke} (RFC 7009, of a new grant's access token),
     * {@code introspect} (RFC 7662, of an API caller's access token) and {@code user-revoke} (a
     * user's Revoke of a new grant, as consent-service sends it).
     */
    MixedLoad start(Map<String, Long> periods) {
        Map<String, Runnable> kinds =
                Map.of(
                        "token", this::clientCredentials,
                        "refresh", this::refresh,
                        "api", this::apiCall,
                        "authorize", this::authorizePage,
                        "revoke", this::revoke,
                        "introspect", this::introspect,
                        "user-revoke", this::userRevoke);
        started = System.nanoTime();
        new TreeMap<>(periods)
                .forEach(
                        (kind, period) -> {
                            Runnable call = kinds.get(kind);
                            if (call == null) {
                                throw new IllegalArgumentException("no such kind: " + kind);
                            }
                            every(period, kind, call);
                        });
        return this;
    }

    /** Names the phase the next requests are counted in; the first is {@code warm-up}. */
    void phase(String name) {
        phase = name;
    }

    /** Stops the traffic and waits for requests in flight. */
    void stop() throws InterruptedException {
        clock.shutdown();
        clock.awaitTermination(30, TimeUnit.SECONDS);
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** Access tokens whose RFC 7009 revocation was answered 200. */
    Queue<String> revoked() {
        return revoked;
    }

    long revocationsSent() {
        return revocationsSent.get();
    }

    /** What each I/O failure said, by phase. */
    Map<String, Long> ioErrors() {
        Map<String, Long> copy = new TreeMap<>();
        ioErrors.forEach((what, n) -> copy.put(what, n.get()));
        return copy;
    }

    /** phase -> kind -> outcome -> count, for the traffic's own kinds (see {@link #start(Map)}). */
    Map<String, Map<String, Map<String, Long>>> counts() {
        return counts(false);
    }

    /**
     * The same with the side counts too: {@code <kind>-retries} (first answers of retried calls),
     * {@code <kind>-judged} (the judge's complaints), {@code <kind>-client} (the client's own
     * failures), {@code <kind>-skipped} (ticks with too many requests in flight) and {@code
     * <kind>-setup} (grants that could not be made to be revoked).
     */
    Map<String, Map<String, Map<String, Long>>> allCounts() {
        return counts(true);
    }

    /** Whether a count is a side count, not a request of the traffic's own. */
    private static boolean side(String kind) {
        return kind.endsWith("-retries")
                || kind.endsWith("-judged")
                || kind.endsWith("-client")
                || kind.endsWith("-skipped")
                || kind.endsWith("-setup");
    }

    private Map<String, Map<String, Map<String, Long>>> counts(boolean all) {
        Map<String, Map<String, Map<String, Long>>> counts = new TreeMap<>();
        outcomes.forEach(
                (phase, kinds) ->
                        kinds.forEach(
                                (kind, results) ->
                                        results.forEach(
                                                (outcome, n) -> {
                                                    if (all || !side(kind)) {
                                                        counts.computeIfAbsent(
                                                                        phase, p -> new TreeMap<>())
                                                                .computeIfAbsent(
                                                                        kind, k -> new TreeMap<>())
                                                                .put(outcome, n.get());
                                                    }
                                                })));
        return counts;
    }

    /**
     * Starts {@code call} at a fixed rate on a worker; whatever it throws is counted, never allowed
     * to end the schedule.
     */
    private void every(long millis, String kind, Runnable call) {
        clock.scheduleAtFixedRate(
                () -> {
                    if (!inFlight.tryAcquire()) {
                        count(phase, kind + "-skipped", "in flight: " + IN_FLIGHT);
                        return;
                    }
                    try {
                        workers.execute(
                                () -> {
                                    try {
                                        call.run();
                                    } catch (RuntimeException | AssertionError e) {
                                        count(
                                                phase,
                                                kind + "-client",
                                                e.getClass().getSimpleName());
                                    } finally {
                                        inFlight.release();
                                    }
                                });
                    } catch (RejectedExecutionException stopping) {
                        inFlight.release();
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
        int status = answer == null ? 0 : answer.statusCode();
        if (status == 200) {
            chains.add(
                    Grantwire.tokens(
                            new Grantwire.Answer(200, answer.headers().map(), answer.body())));
        } else if (status == 503 || status == 429) {
            chains.add(chain);
        } else {
            chains.add(grantwire.authorizeWhenFresh(grantwire.newUser(), app, scopes));
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
                                                        app, Grantwire.REDIRECT_URI, scopes)
                                                .url()))
                        .GET());
    }

    /** The app introspects an API caller's access token (RFC 7662). */
    private void introspect() {
        Tokens reader = readers.get((int) (System.nanoTime() % readers.size()));
        send(
                "introspect",
                true,
                form(Service.GRANT, "/oauth2/introspect", "token=" + reader.access()));
    }

    /** A user revokes a new grant of theirs, as consent-service relays it. */
    private void userRevoke() {
        UUID user;
        Tokens tokens;
        try {
            user = grantwire.newUser();
            tokens = grantwire.authorize(user, app, scopes, null);
        } catch (AssertionError | RuntimeException e) {
            count(phase, "user-revoke-setup", e.getClass().getSimpleName());
            return;
        }
        revocationsSent.incrementAndGet();
        HttpResponse<String> answer =
                send("user-revoke", false, grantwire.userRevokeRequest(user, tokens.grantId()));
        if (answer != null && answer.statusCode() == 201) {
            revoked.add(tokens.access());
        }
    }

    /** A new grant's access token, revoked by the app at RFC 7009 (idempotent: may be retried). */
    private void revoke() {
        Tokens tokens;
        try {
            tokens = grantwire.authorize(grantwire.newUser(), app, scopes, null);
        } catch (AssertionError | RuntimeException e) {
            // Not a request of the traffic's: the grant to revoke could not be made.
            count(phase, "revoke-setup", e.getClass().getSimpleName());
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

    /** Sends, retries once if allowed, judges and counts in the phase it was sent in. */
    private HttpResponse<String> send(
            String kind, boolean idempotent, HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        String sent = phase;
        HttpResponse<String> answer = attempt(sent, kind, built);
        String phaseNow = during(sent);
        judge(phaseNow, kind, built, answer);
        String outcome = outcome(kind, answer);
        if (!outcome.equals("ok") && idempotent && retryIdempotent) {
            count(phaseNow, kind + "-retries", outcome);
            answer = attempt(sent, kind, built);
            phaseNow = during(sent);
            judge(phaseNow, kind, built, answer);
            outcome = outcome(kind, answer);
        }
        count(phaseNow, kind, outcome);
        return answer;
    }

    /**
     * The phase a request is counted in: the one it was sent in, or {@code "<sent> -> <now>"} when
     * the phase changed before its answer came (a request in flight as a fault began).
     */
    private String during(String sent) {
        String now = phase;
        return now.equals(sent) ? sent : sent + " -> " + now;
    }

    private void judge(
            String phaseNow, String kind, HttpRequest request, HttpResponse<String> answer) {
        if (judge == null) {
            return;
        }
        try {
            judge.judge(phaseNow, kind, request, answer);
        } catch (AssertionError e) {
            count(phaseNow, kind + "-judged", e.getMessage());
        }
    }

    /**
     * phase -> kind -> {@code count}, {@code p50}, {@code p99} and {@code max} of the time to an
     * answer or an I/O error, in milliseconds.
     */
    Map<String, Map<String, Map<String, Long>>> latencies() {
        Map<String, Map<String, Map<String, Long>>> summary = new TreeMap<>();
        latencies.forEach(
                (phase, kinds) ->
                        kinds.forEach(
                                (kind, millis) -> {
                                    long[] sorted = sorted(millis);
                                    Map<String, Long> figures = new LinkedHashMap<>();
                                    figures.put("count", (long) sorted.length);
                                    figures.put("p50", quantile(sorted, 0.50));
                                    figures.put("p99", quantile(sorted, 0.99));
                                    figures.put(
                                            "max",
                                            sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
                                    summary.computeIfAbsent(phase, p -> new TreeMap<>())
                                            .put(kind, figures);
                                }));
        return summary;
    }

    /**
     * kind -> the {@code q} quantile of the answers' latency (milliseconds) sent in each window of
     * {@code window}, as (window start in seconds since the start, latency) points.
     */
    Map<String, List<double[]>> latencyOverTime(Duration window, double q) {
        Map<String, List<double[]>> series = new TreeMap<>();
        long windowMillis = window.toMillis();
        timeline.forEach(
                (kind, points) -> {
                    Map<Long, List<Long>> byWindow = new TreeMap<>();
                    for (long[] point : points) {
                        byWindow.computeIfAbsent(point[0] / windowMillis, w -> new ArrayList<>())
                                .add(point[1]);
                    }
                    List<double[]> line = new ArrayList<>();
                    byWindow.forEach(
                            (w, millis) -> {
                                long[] sorted = sorted(millis);
                                line.add(
                                        new double[] {
                                            w * windowMillis / 1000.0, quantile(sorted, q)
                                        });
                            });
                    series.put(kind, line);
                });
        return series;
    }

    private static long[] sorted(Collection<Long> millis) {
        return millis.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private HttpResponse<String> attempt(String phaseNow, String kind, HttpRequest request) {
        long start = System.nanoTime();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ioErrors.computeIfAbsent(phase + ": " + e, k -> new AtomicLong()).incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            latencies
                    .computeIfAbsent(phaseNow, p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>())
                    .add((System.nanoTime() - start) / 1_000_000);
            timeline.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>())
                    .add(
                            new long[] {
                                (start - started) / 1_000_000,
                                (System.nanoTime() - start) / 1_000_000
                            });
        }
    }

    private static String outcome(String kind, HttpResponse<String> answer) {
        if (answer == null) {
            return "io-error";
        }
        int status = answer.statusCode();
        if (status < 400) {
            return "ok";
        }
        if (kind.equals("refresh") && status == 400 && answer.body().contains("invalid_grant")) {
            return "400-invalid_grant";
        }
        return String.valueOf(status);
    }

    private void count(String phase, String kind, String outcome) {
        outcomes.computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> new AtomicLong())
                .incrementAndGet();
    }
}
