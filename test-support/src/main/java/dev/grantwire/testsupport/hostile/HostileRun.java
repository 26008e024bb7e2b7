package dev.grantwire.testsupport.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@code count} hostile requests, round-robin over the endpoints, each made from the seed and
 * its index alone (so one failing request is reproduced by its seed and index), and judges every
 * answer ({@link Verdict}). Counts per endpoint; keeps the first failures of each.
 */
public final class HostileRun {

    /** Counts of one endpoint. */
    public static final class Counts {
        public int requests;
        public int status2xx;
        public int status3xx;
        public int status4xx;
        public int status5xx;
        public int hangs;
        public int leaks;
        public int wrongShapes;
        public int forgeriesAccepted;
        public long maxMillis;
        public final List<String> failures = new ArrayList<>();

        /**
         * Requests that may change state (not GET, HEAD or OPTIONS) and were answered 2xx: each
         * base is refused, so these say which mutation made one acceptable (the stored-state check
         * then names the table).
         */
        public final List<String> accepted = new ArrayList<>();

        synchronized void add(Verdict verdict, long index, Draft draft, RawHttp.Answer answer) {
            requests++;
            int status = verdict.status();
            if (status >= 500) status5xx++;
            else if (status >= 400) status4xx++;
            else if (status >= 300) status3xx++;
            else if (status >= 200) status2xx++;
            if (verdict.hang()) hangs++;
            if (verdict.leak() != null) leaks++;
            if (verdict.wrongShape() != null) wrongShapes++;
            if (verdict.forgeryAccepted()) forgeriesAccepted++;
            maxMillis = Math.max(maxMillis, verdict.elapsed().toMillis());
            if (status >= 200
                    && status < 300
                    && !List.of("GET", "HEAD", "OPTIONS").contains(draft.method)
                    && accepted.size() < 5) {
                accepted.add("#" + index + " " + draft.describe() + " -> " + status);
            }
            String kind = verdict.problems().replaceAll(":.*", "");
            if (!verdict.clean() && failures.stream().filter(f -> f.startsWith(kind)).count() < 3) {
                String body = answer.text();
                failures.add(
                        kind
                                + " #"
                                + index
                                + " "
                                + draft.describe()
                                + " -> "
                                + status
                                + " "
                                + answer.mediaType()
                                + " "
                                + verdict.problems()
                                + " body: "
                                + Mutations.abbreviate(
                                        body.length() > 200 ? body.substring(0, 200) : body));
            }
        }
    }

    private final List<HostileEndpoint> endpoints;
    private final Mutations mutations;
    private final long seed;
    private final Map<String, Counts> counts = new LinkedHashMap<>();

    public HostileRun(List<HostileEndpoint> endpoints, Mutations mutations, long seed) {
        this.endpoints = List.copyOf(endpoints);
        this.mutations = mutations;
        this.seed = seed;
        for (HostileEndpoint endpoint : endpoints) {
            counts.put(endpoint.name(), new Counts());
        }
    }

    /** The request of that index, as this run makes it. */
    public Draft request(long index) {
        HostileEndpoint endpoint = endpoints.get((int) (index % endpoints.size()));
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
        Draft draft = endpoint.base().copy();
        mutations.mutate(draft, random);
        return draft;
    }

    /** Sends requests {@code 0..count-1} on {@code threads} connections at a time. */
    public Map<String, Counts> run(int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(
                    pool.submit(
                            () -> {
                                int index;
                                while ((index = next.getAndIncrement()) < count) {
                                    send(index);
                                }
                                return null;
                            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return counts;
    }

    /** Sends one request and judges it. */
    public Verdict send(long index) {
        HostileEndpoint endpoint = endpoints.get((int) (index % endpoints.size()));
        Draft draft = request(index);
        RawHttp.Answer answer =
                RawHttp.exchange(
                        endpoint.port(),
                        draft.render(endpoint.port()),
                        draft.method.equals("HEAD"),
                        Verdict.DEADLINE.plus(Duration.ofSeconds(5)));
        Verdict verdict = Verdict.of(draft, answer, endpoint.shape(), endpoint.forgery());
        counts.get(endpoint.name()).add(verdict, index, draft, answer);
        return verdict;
    }

    public Map<String, Counts> counts() {
        return counts;
    }

    /** The per-endpoint table, Markdown. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(
                "| endpoint | requests | 2xx | 3xx | 4xx | 5xx | hangs | leaks | wrong shapes | forgeries accepted | slowest ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Counts total = new Counts();
        counts.forEach(
                (name, c) -> {
                    row(out, name, c);
                    total.requests += c.requests;
                    total.status2xx += c.status2xx;
                    total.status3xx += c.status3xx;
                    total.status4xx += c.status4xx;
                    total.status5xx += c.status5xx;
                    total.hangs += c.hangs;
                    total.leaks += c.leaks;
                    total.wrongShapes += c.wrongShapes;
                    total.forgeriesAccepted += c.forgeriesAccepted;
                    total.maxMillis = Math.max(total.maxMillis, c.maxMillis);
                });
        row(out, "**all**", total);
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Counts c) {
        out.append(
                String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n",
                        name,
                        c.requests,
                        c.status2xx,
                        c.status3xx,
                        c.status4xx,
                        c.status5xx,
                        c.hangs,
                        c.leaks,
                        c.wrongShapes,
                        c.forgeriesAccepted,
                        c.maxMillis));
    }

    /** State-changing requests answered 2xx, one per line, with the seed to reproduce each. */
    public List<String> accepted() {
        List<String> out = new ArrayList<>();
        counts.forEach(
                (name, c) ->
                        c.accepted.forEach(a -> out.add("seed " + seed + " " + name + " " + a)));
        return out;
    }

    /** Every kept failure, one per line, with the seed to reproduce it. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        counts.forEach(
                (name, c) ->
                        c.failures.forEach(f -> out.add("seed " + seed + " " + name + " " + f)));
        return out;
    }
}
