package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * grant-service against Keycloak at the token endpoint ({@code client_credentials}, {@code
 * refresh_token}) and at introspection, under the same closed-loop load: the same concurrency, the
 * same warm-up (not recorded), the same measured window, the two sides alternating (A, B, A, B) so
 * that drift on a shared machine hits both. Reported per side: requests per second, p50 / p99 and
 * the servers' CPU-seconds per request (the server JVM and PostgreSQL, from /proc); medians over
 * the rounds, with the spread, and the ratios.
 */
final class TokenEndpointBench {

    enum Workload {
        CLIENT_CREDENTIALS("client_credentials"),
        REFRESH_TOKEN("refresh_token (rotating)"),
        INTROSPECTION("introspection (RFC 7662)");

        final String label;

        Workload(String label) {
            this.label = label;
        }
    }

    /** One server under test: its name, its CPU and its requests per workload. */
    interface Side {
        String name();

        ProcessCpu cpu();

        /** A new thread's request for the workload (its own connection and tokens). */
        ClosedLoop.Call call(Workload workload);
    }

    /** The settings of a run. */
    record Settings(List<Integer> concurrency, int rounds, Duration warmUp, Duration measure) {}

    private final Settings settings;

    TokenEndpointBench(Settings settings) {
        this.settings = settings;
    }

    /** Runs every workload on both sides; returns the section of the report. */
    Report.Section run(Side a, Side b, Path plots) {
        ObjectNode json = Http.JSON.createObjectNode();
        ArrayNode rows = json.putArray("results");
        StringBuilder table = new StringBuilder();
        table.append(
                "| workload | concurrency | server | req/s (median, min–max) | p50 ms | p99 ms |"
                        + " server CPU ms/req | generator CPU ms/req |\n");
        table.append("|---|---|---|---|---|---|---|---|\n");
        StringBuilder ratios = new StringBuilder();
        ratios.append(
                "| workload | concurrency | req/s "
                        + a.name()
                        + " ÷ "
                        + b.name()
                        + " | p99 "
                        + a.name()
                        + " ÷ "
                        + b.name()
                        + " | CPU/req "
                        + a.name()
                        + " ÷ "
                        + b.name()
                        + " |\n|---|---|---|---|---|\n");
        List<String> images = new ArrayList<>();
        for (Workload workload : Workload.values()) {
            Map<String, Histogram> distributions = new LinkedHashMap<>();
            for (int concurrency : settings.concurrency()) {
                Map<Side, List<ClosedLoop.Result>> results = new LinkedHashMap<>();
                results.put(a, new ArrayList<>());
                results.put(b, new ArrayList<>());
                for (int round = 0; round < settings.rounds(); round++) {
                    for (Side side : List.of(a, b)) {
                        System.out.printf(
                                Locale.ROOT,
                                "  %s, %d concurrent, round %d: %s%n",
                                workload.label,
                                concurrency,
                                round + 1,
                                side.name());
                        results.get(side)
                                .add(
                                        ClosedLoop.run(
                                                        concurrency,
                                                        settings.warmUp(),
                                                        settings.measure(),
                                                        () -> side.call(workload),
                                                        side.cpu())
                                                .requireSuccess(
                                                        side.name() + ", " + workload.label));
                    }
                }
                Map<Side, Summary> summaries = new LinkedHashMap<>();
                for (Map.Entry<Side, List<ClosedLoop.Result>> e : results.entrySet()) {
                    Summary s = Summary.of(e.getValue());
                    summaries.put(e.getKey(), s);
                    table.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %d | %s | %.0f (%.0f–%.0f) | %.2f | %.2f | %.3f | %.3f |\n",
                                    workload.label,
                                    concurrency,
                                    e.getKey().name(),
                                    s.rps,
                                    s.rpsMin,
                                    s.rpsMax,
                                    s.p50,
                                    s.p99,
                                    s.cpuMillis,
                                    s.generatorCpuMillis));
                    ObjectNode row = rows.addObject();
                    row.put("workload", workload.name());
                    row.put("concurrency", concurrency);
                    row.put("server", e.getKey().name());
                    s.write(row);
                    ArrayNode rounds = row.putArray("rounds");
                    for (ClosedLoop.Result r : e.getValue()) {
                        rounds.addObject()
                                .put("requests", r.requests())
                                .put("errors", r.errors())
                                .put("seconds", r.seconds())
                                .put("rps", r.perSecond())
                                .put("p50Ms", r.p(50))
                                .put("p99Ms", r.p(99))
                                .put("maxMs", r.latencyMicros().getMaxValue() / 1000.0)
                                .put("serverCpuSeconds", r.serverCpuSeconds())
                                .put("generatorCpuSeconds", r.generatorCpuSeconds());
                    }
                    if (concurrency
                            == settings.concurrency().get(settings.concurrency().size() - 1)) {
                        Histogram merged = new Histogram(3_600_000_000L, 3);
                        e.getValue().forEach(r -> merged.add(r.latencyMicros()));
                        distributions.put(e.getKey().name(), merged);
                    }
                }
                Summary sa = summaries.get(a);
                Summary sb = summaries.get(b);
                ratios.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %d | %.2f× | %.2f× | %.2f× |\n",
                                workload.label,
                                concurrency,
                                sa.rps / sb.rps,
                                sa.p99 / sb.p99,
                                sa.cpuMillis / sb.cpuMillis));
            }
            String file = "token-" + workload.name().toLowerCase(Locale.ROOT) + "-latency.png";
            Plots.percentiles(
                    plots.resolve(file),
                    workload.label
                            + ", "
                            + settings.concurrency().get(settings.concurrency().size() - 1)
                            + " concurrent: latency by percentile",
                    distributions);
            images.add(file);
        }
        String body =
                table
                        + "\nRatios of the medians (above 1× means "
                        + a.name()
                        + " has more of it):\n\n"
                        + ratios;
        return new Report.Section("Token endpoint and introspection", body, json, images);
    }

    /** The medians of several rounds of one side at one concurrency. */
    static final class Summary {
        double rps;
        double rpsMin;
        double rpsMax;
        double p50;
        double p99;
        double cpuMillis;
        double generatorCpuMillis;
        long errors;

        static Summary of(List<ClosedLoop.Result> rounds) {
            Summary s = new Summary();
            s.rps = median(rounds, ClosedLoop.Result::perSecond);
            s.rpsMin = rounds.stream().mapToDouble(ClosedLoop.Result::perSecond).min().orElse(0);
            s.rpsMax = rounds.stream().mapToDouble(ClosedLoop.Result::perSecond).max().orElse(0);
            s.p50 = median(rounds, r -> r.p(50));
            s.p99 = median(rounds, r -> r.p(99));
            s.cpuMillis = median(rounds, ClosedLoop.Result::cpuPerRequestMillis);
            s.generatorCpuMillis =
                    median(rounds, r -> r.generatorCpuSeconds() * 1000 / Math.max(1, r.requests()));
            s.errors = rounds.stream().mapToLong(ClosedLoop.Result::errors).sum();
            return s;
        }

        void write(ObjectNode row) {
            row.put("rpsMedian", rps)
                    .put("rpsMin", rpsMin)
                    .put("rpsMax", rpsMax)
                    .put("p50MsMedian", p50)
                    .put("p99MsMedian", p99)
                    .put("serverCpuMsPerRequestMedian", cpuMillis)
                    .put("generatorCpuMsPerRequestMedian", generatorCpuMillis)
                    .put("errors", errors);
        }
    }

    static double median(List<ClosedLoop.Result> rounds, Function<ClosedLoop.Result, Double> f) {
        return Samples.median(rounds.stream().map(f).toList());
    }

    // --- the two sides ---------------------------------------------------------------------------

    /** grant-service: its JVM and PostgreSQL are what a request costs. */
    static Side grantwire(GrantwireSide app, ProcessCpu cpu) {
        return new HttpSide(
                "Grantwire",
                cpu,
                app.tokenUrl(),
                app.introspectionUrl(),
                app.basic(),
                Map.of("grant_type", "client_credentials", "scope", GrantwireSide.APP_SCOPE),
                app::userTokens);
    }

    /** Keycloak: its JVM (with kc.sh) and PostgreSQL. */
    static Side keycloak(KeycloakSide client, ProcessCpu cpu) {
        return new HttpSide(
                "Keycloak",
                cpu,
                client.tokenUrl(),
                client.introspectionUrl(),
                client.basic(),
                Map.of("grant_type", "client_credentials"),
                client::userTokens);
    }

    /**
     * A server's side of the comparison: the same three requests for either; only the URLs, the
     * credentials and how a user's first tokens are obtained differ.
     */
    private record HttpSide(
            String name,
            ProcessCpu cpu,
            String tokenUrl,
            String introspectionUrl,
            String basic,
            Map<String, String> clientCredentials,
            Supplier<JsonNode> userTokens)
            implements Side {

        @Override
        public ClosedLoop.Call call(Workload workload) {
            return calls(
                    workload, tokenUrl, introspectionUrl, basic, clientCredentials, userTokens);
        }
    }

    /**
     * One thread's request of a workload. Introspection counts an answer that is not {@code active:
     * true} as an error: a fast "inactive" would measure nothing.
     */
    private static ClosedLoop.Call calls(
            Workload workload,
            String tokenUrl,
            String introspectionUrl,
            String basic,
            Map<String, String> clientCredentials,
            Supplier<JsonNode> userTokens) {
        Http http = new Http();
        switch (workload) {
            case CLIENT_CREDENTIALS:
                return () ->
                        http.form(tokenUrl, basic, clientCredentials).expect(200, "token").status();
            case REFRESH_TOKEN:
                {
                    String[] refresh = {userTokens.get().path("refresh_token").asText()};
                    return () -> {
                        Http.Answer answer =
                                http.form(
                                        tokenUrl,
                                        basic,
                                        Map.of(
                                                "grant_type",
                                                "refresh_token",
                                                "refresh_token",
                                                refresh[0]));
                        refresh[0] =
                                answer.expect(200, "refresh").json().path("refresh_token").asText();
                        return 200;
                    };
                }
            case INTROSPECTION:
                {
                    String access = userTokens.get().path("access_token").asText();
                    return () -> {
                        Http.Answer answer =
                                http.form(introspectionUrl, basic, Map.of("token", access));
                        if (answer.status() != 200 || !answer.json().path("active").asBoolean()) {
                            throw new IllegalStateException(
                                    "introspection answered "
                                            + answer.status()
                                            + " "
                                            + answer.body());
                        }
                        return 200;
                    };
                }
            default:
                throw new IllegalArgumentException(workload.name());
        }
    }
}
