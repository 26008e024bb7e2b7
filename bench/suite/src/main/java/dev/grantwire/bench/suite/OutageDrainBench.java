package dev.grantwire.bench.suite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.testsupport.feed.MetricHistogram;
import dev.grantwire.testsupport.kafka.KafkaProcess;
import dev.grantwire.testsupport.service.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The broker down for a while (killed with SIGKILL, as a crash would) while users keep revoking:
 * revocation-service answers from its outbox, and once the broker is back the backlog drains to
 * every guard. Measured: the answers during the outage, and from the broker answering again to the
 * last revocation applied at each guard (the guards' own counters, polled every 20 ms), which gives
 * revocation-service's throughput through the outbox to the broker and on to the guards. Then a
 * sweep checks that no revoked token is accepted anywhere.
 */
final class OutageDrainBench {

    /** How long the broker stays down and how fast users revoke meanwhile. */
    record Settings(Duration outage, double perSecond) {}

    private static final Duration DRAIN_DEADLINE = Duration.ofMinutes(3);

    private OutageDrainBench() {}

    static Report.Section run(
            Settings settings,
            KafkaProcess kafka,
            GrantwireSide app,
            String revocationUrl,
            List<ServiceProcess> guards)
            throws InterruptedException {
        List<String> instances = guards.stream().map(ServiceProcess::baseUrl).toList();
        Http http = new Http();
        int count = (int) (settings.outage().toSeconds() * settings.perSecond());
        List<GrantwireSide.UserGrant> grants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            grants.add(app.userGrant());
        }
        List<MetricHistogram> before = guards.stream().map(MetricHistogram::guard).toList();

        kafka.kill();
        long down = System.nanoTime();
        Samples answers = new Samples("revoke sent → answered, broker down");
        long interval = (long) (1e9 / settings.perSecond());
        long next = System.nanoTime();
        for (GrantwireSide.UserGrant grant : grants) {
            while (System.nanoTime() < next) {
                Thread.sleep(1);
            }
            next += interval;
            long sent = System.nanoTime();
            app.revoke(http, revocationUrl, grant, "benchmark, broker down");
            answers.addNanos(System.nanoTime() - sent);
        }
        while (System.nanoTime() - down < settings.outage().toNanos()) {
            Thread.sleep(10);
        }
        kafka.restart();
        long up = System.nanoTime();

        long[] appliedAt = new long[instances.size()];
        int pending = instances.size();
        long deadline = up + DRAIN_DEADLINE.toNanos();
        while (pending > 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < instances.size(); i++) {
                if (appliedAt[i] == 0
                        && MetricHistogram.guard(guards.get(i)).since(before.get(i)).count()
                                >= count) {
                    appliedAt[i] = System.nanoTime();
                    pending--;
                }
            }
            Thread.sleep(20);
        }
        if (pending > 0) {
            throw new IllegalStateException(
                    pending + " guard(s) had not applied the backlog " + DRAIN_DEADLINE + " after");
        }
        long last = 0;
        StringBuilder each = new StringBuilder();
        for (long at : appliedAt) {
            last = Math.max(last, at);
            each.append(each.length() == 0 ? "" : " / ")
                    .append(String.format(Locale.ROOT, "%.2f", (at - up) / 1e9));
        }
        double drainSeconds = (last - up) / 1e9;
        int accepted = 0;
        for (GrantwireSide.UserGrant grant : grants) {
            for (String instance : instances) {
                if (http.get(instance + "/api/work-items", grant.access()).status() == 200) {
                    accepted++;
                    break;
                }
            }
        }

        ObjectNode json = Http.JSON.createObjectNode();
        json.put("outageSeconds", settings.outage().toSeconds());
        json.put("revocationsDuringOutage", count);
        json.put("brokerRestartSeconds", (up - down) / 1e9 - settings.outage().toSeconds());
        json.put("drainSeconds", drainSeconds);
        json.put("throughputPerSecond", count / drainSeconds);
        json.put("stillAcceptedAfterDrain", accepted);
        json.set("answersDuringOutage", answers.json());
        String md =
                String.format(
                        Locale.ROOT,
                        "The broker was killed (SIGKILL) and kept down %d s while %d revokes went"
                                + " through the user API (%.0f/s); revocation-service answered"
                                + " them from its outbox. From the broker answering again to the"
                                + " whole backlog applied at each guard: %s s (last: **%.2f s**,"
                                + " %.0f revocations/s through the outbox, the broker and the"
                                + " guards). Afterwards %d of %d revoked tokens were accepted"
                                + " anywhere.\n\n%s\n%s\n",
                        settings.outage().toSeconds(),
                        count,
                        settings.perSecond(),
                        each,
                        drainSeconds,
                        count / drainSeconds,
                        accepted,
                        count,
                        Samples.header(),
                        answers.row());
        return new Report.Section("Backlog drain after a broker outage", md, json, List.of());
    }
}
