package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.testsupport.feed.MetricHistogram;
import dev.grantwire.testsupport.service.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A revoke through revocation-service's user API reaching every separately started example API
 * instance (grantwire-guard), for many revocations at a steady rate and in a burst; beside it, the
 * floor: a plain Kafka produce→consume round trip on the same broker in the same run.
 *
 * <p>Steady: one revoke every 1/rate s; from the moment it is sent one thread polls the instances
 * in turn, without sleeping, until each has refused the token (one poller: on two cores, more
 * spinning threads would starve the services being measured). Burst: every revoke sent at once by
 * several threads; what each guard measured itself (its histogram from revokedAt, the database
 * clock in the revoke's transaction, to applied) and, once the last answer is in, a sweep that
 * finds every token refused at every instance.
 */
final class PropagationBench {

    /** Settings of a run. */
    record Settings(int revocations, double steadyPerSecond, int burstSenders) {}

    private static final Duration REFUSAL_DEADLINE = Duration.ofSeconds(10);

    private final Settings settings;
    private final GrantwireSide app;
    private final ServiceProcess revocation;
    private final String revocationUrl;
    private final List<ServiceProcess> guards;
    private final List<String> instances;
    private final Http http = new Http();

    PropagationBench(
            Settings settings,
            GrantwireSide app,
            ServiceProcess revocation,
            List<ServiceProcess> instances) {
        this.settings = settings;
        this.app = app;
        this.revocation = revocation;
        this.revocationUrl = revocation.baseUrl();
        this.guards = List.copyOf(instances);
        this.instances = guards.stream().map(ServiceProcess::baseUrl).toList();
    }

    Report.Section run(KafkaFloor.Result floor, Path plots) throws Exception {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("revocations", settings.revocations());
        json.put("instances", instances.size());
        json.put("steadyPerSecond", settings.steadyPerSecond());
        json.put("burstSenders", settings.burstSenders());

        Samples fromSend = new Samples("steady: revoke sent → refused at an instance");
        Samples fromAnswer = new Samples("steady: revoke answered → refused at an instance");
        Samples answer = new Samples("steady: revoke sent → answered");
        List<GrantwireSide.UserGrant> steadyGrants = prepare();
        List<MetricHistogram> before = snapshot();
        MetricHistogram publishBefore = publishLatency();
        steady(steadyGrants, fromSend, fromAnswer, answer);
        List<MetricHistogram> steadyGuards = since(before);
        MetricHistogram steadyPublish = publishLatency().since(publishBefore);

        Samples burstAnswer = new Samples("burst: revoke sent → answered");
        List<GrantwireSide.UserGrant> burstGrants = prepare();
        before = snapshot();
        long[] burst = burst(burstGrants, burstAnswer);
        long sweepStart = System.nanoTime();
        int stillAccepted = sweep(burstGrants);
        long sweepEnd = System.nanoTime();
        List<MetricHistogram> burstGuards = since(before);

        StringBuilder md = new StringBuilder();
        md.append(
                String.format(
                        Locale.ROOT,
                        "%d revocations through the user API at %.0f/s, then %d at once from %d"
                                + " threads; %d separately started example API instances, each"
                                + " holding the token verified and cached.\n\n",
                        settings.revocations(),
                        settings.steadyPerSecond(),
                        settings.revocations(),
                        settings.burstSenders(),
                        instances.size()));
        md.append(Samples.header()).append('\n');
        for (Samples s : List.of(fromAnswer, fromSend, answer)) {
            md.append(s.row()).append('\n');
        }
        md.append(
                        guardRow(
                                "steady: revocation-service send → broker ack (its histogram,"
                                        + " ceilings)",
                                List.of(steadyPublish)))
                .append('\n');
        md.append(
                        guardRow(
                                "steady: revokedAt → applied (each guard's histogram, ceilings)",
                                steadyGuards))
                .append('\n');
        md.append(burstAnswer.row()).append('\n');
        md.append(
                        guardRow(
                                "burst: revokedAt → applied (each guard's histogram, ceilings)",
                                burstGuards))
                .append('\n');
        for (Samples s : floor.samples()) {
            md.append(s.row()).append('\n');
        }
        double burstSeconds = (burst[1] - burst[0]) / 1e9;
        md.append(
                String.format(
                        Locale.ROOT,
                        "\nBurst: %d revokes answered in %.2f s (%.0f/s); a sweep after the last"
                                + " answer found %d of %d tokens still accepted at some instance"
                                + " (sweep took %.2f s).\n",
                        settings.revocations(),
                        burstSeconds,
                        settings.revocations() / burstSeconds,
                        stillAccepted,
                        settings.revocations(),
                        (sweepEnd - sweepStart) / 1e9));

        ArrayNode samples = json.putArray("samples");
        for (Samples s : List.of(fromAnswer, fromSend, answer, burstAnswer)) {
            samples.add(s.json());
        }
        floor.samples().forEach(s -> samples.add(s.json()));
        json.set("guardsSteady", guards(steadyGuards));
        json.put("publishSteadyCount", steadyPublish.count());
        json.put("publishSteadyP50CeilingMillis", steadyPublish.percentileCeilingMillis(50));
        json.put("publishSteadyP99CeilingMillis", steadyPublish.percentileCeilingMillis(99));
        json.set("guardsBurst", guards(burstGuards));
        json.put("burstSeconds", burstSeconds);
        json.put("burstStillAcceptedAfterLastAnswer", stillAccepted);

        Map<String, List<Double>> histogram = new LinkedHashMap<>();
        histogram.put("revoke answered → refused (Grantwire, steady)", fromAnswer.values());
        histogram.put("Kafka produce → consumed (floor)", floor.samples().get(1).values());
        Plots.histogram(
                plots.resolve("propagation-histogram.png"),
                "Propagation to " + instances.size() + " guard instances vs the Kafka floor",
                "milliseconds",
                histogram);
        return new Report.Section(
                "Propagation: revoke → refused at every guard",
                md.toString(),
                json,
                List.of("propagation-histogram.png"));
    }

    /** New grants, each token verified and cached at every instance. */
    private List<GrantwireSide.UserGrant> prepare() {
        List<GrantwireSide.UserGrant> grants = new ArrayList<>();
        for (int i = 0; i < settings.revocations(); i++) {
            GrantwireSide.UserGrant grant = app.userGrant();
            for (String instance : instances) {
                http.get(instance + "/api/work-items", grant.access())
                        .expect(200, "token accepted before the revoke");
            }
            grants.add(grant);
        }
        return grants;
    }

    private void steady(
            List<GrantwireSide.UserGrant> grants,
            Samples fromSend,
            Samples fromAnswer,
            Samples answer)
            throws Exception {
        ExecutorService poller = Executors.newSingleThreadExecutor();
        Http pollHttp = new Http();
        long interval = (long) (1e9 / settings.steadyPerSecond());
        long next = System.nanoTime();
        try {
            for (GrantwireSide.UserGrant grant : grants) {
                while (System.nanoTime() < next) {
                    Thread.sleep(1);
                }
                next += interval;
                CountDownLatch go = new CountDownLatch(1);
                Future<long[]> watching =
                        poller.submit(() -> firstRefusals(pollHttp, grant.access(), go));
                long sent = System.nanoTime();
                go.countDown();
                revoke(http, grant);
                long answered = System.nanoTime();
                long[] refused = watching.get(REFUSAL_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
                answer.addNanos(answered - sent);
                for (long at : refused) {
                    fromSend.addNanos(at - sent);
                    fromAnswer.addNanos(Math.max(0, at - answered));
                }
            }
        } finally {
            poller.shutdownNow();
        }
    }

    /** Every revoke at once; returns {first sent, last answered} in nanoTime. */
    private long[] burst(List<GrantwireSide.UserGrant> grants, Samples answers) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(settings.burstSenders());
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < settings.burstSenders(); t++) {
            done.add(
                    senders.submit(
                            () -> {
                                Http own = new Http();
                                int i;
                                while ((i = next.getAndIncrement()) < grants.size()) {
                                    long sent = System.nanoTime();
                                    revoke(own, grants.get(i));
                                    answers.addNanos(System.nanoTime() - sent);
                                }
                                return null;
                            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long end = System.nanoTime();
        senders.shutdown();
        return new long[] {start, end};
    }

    /** How many tokens some instance still accepts, checking each once after the burst. */
    private int sweep(List<GrantwireSide.UserGrant> grants) {
        int accepted = 0;
        for (GrantwireSide.UserGrant grant : grants) {
            for (String instance : instances) {
                if (http.get(instance + "/api/work-items", grant.access()).status() != 401) {
                    accepted++;
                    break;
                }
            }
        }
        return accepted;
    }

    private void revoke(Http client, GrantwireSide.UserGrant grant) {
        app.revoke(client, revocationUrl, grant, "benchmark");
    }

    private long[] firstRefusals(Http client, String token, CountDownLatch go)
            throws InterruptedException {
        go.await();
        long[] refusedAt = new long[instances.size()];
        int pending = instances.size();
        long deadline = System.nanoTime() + REFUSAL_DEADLINE.toNanos();
        while (pending > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        pending + " instance(s) still accept a revoked token");
            }
            for (int i = 0; i < refusedAt.length; i++) {
                if (refusedAt[i] == 0
                        && client.get(instances.get(i) + "/api/work-items", token).status()
                                == 401) {
                    refusedAt[i] = System.nanoTime();
                    pending--;
                }
            }
        }
        return refusedAt;
    }

    private MetricHistogram publishLatency() {
        return MetricHistogram.read(
                revocation, MetricHistogram.REVOCATION_PUBLISH_LATENCY, "path=\"commit\"");
    }

    private List<MetricHistogram> snapshot() {
        return guards.stream().map(MetricHistogram::guard).toList();
    }

    private List<MetricHistogram> since(List<MetricHistogram> before) {
        List<MetricHistogram> delta = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            delta.add(MetricHistogram.guard(guards.get(i)).since(before.get(i)));
        }
        return delta;
    }

    private static String guardRow(String name, List<MetricHistogram> guards) {
        StringBuilder p50 = new StringBuilder();
        StringBuilder p99 = new StringBuilder();
        long n = 0;
        for (MetricHistogram g : guards) {
            n += (long) g.count();
            p50.append(p50.length() == 0 ? "" : " / ")
                    .append(String.format(Locale.ROOT, "≤ %.0f", g.percentileCeilingMillis(50)));
            p99.append(p99.length() == 0 ? "" : " / ")
                    .append(String.format(Locale.ROOT, "≤ %.0f", g.percentileCeilingMillis(99)));
        }
        return "| " + name + " | " + n + " | " + p50 + " | | " + p99 + " | |";
    }

    private ArrayNode guards(List<MetricHistogram> guards) {
        ArrayNode array = Http.JSON.createArrayNode();
        for (int i = 0; i < guards.size(); i++) {
            array.addObject()
                    .put("instance", instances.get(i))
                    .put("applied", guards.get(i).count())
                    .put("p50CeilingMillis", guards.get(i).percentileCeilingMillis(50))
                    .put("p99CeilingMillis", guards.get(i).percentileCeilingMillis(99));
        }
        return array;
    }
}
