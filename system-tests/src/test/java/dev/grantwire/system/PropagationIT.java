package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.feed.MetricHistogram;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A revoke reaches every separately started example API instance: each one, holding the token
 * verified and cached, refuses it. Observed by polling each instance without sleeps from the moment
 * the revoke is sent; the time from the revoke being sent and from its answer to the refusal is
 * recorded for {@value #ROUNDS} revocations and written to {@code results/propagation.json} under
 * the system test folder, for the benchmarks to reuse.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropagationIT {

    static final int ROUNDS = 200;
    static final String SCOPES = "work_items.read offline_access";
    static final Duration REFUSAL_DEADLINE = Duration.ofSeconds(10);

    private Grantwire grantwire;
    private App app;
    private List<ServiceProcess> guards;
    private List<String> instances;
    private ExecutorService pollers;

    @BeforeAll
    void setUp(Stack stack) {
        grantwire = new Grantwire(stack);
        app = grantwire.registerApp(SCOPES);
        guards = stack.resourceApis();
        instances = guards.stream().map(ServiceProcess::baseUrl).toList();
        assertThat(instances).hasSizeGreaterThanOrEqualTo(3);
        pollers = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    void tearDown() {
        pollers.shutdownNow();
    }

    @Test
    void aRevokedGrantIsRefusedByEveryInstance() throws Exception {
        UUID alice = grantwire.newUser();
        Tokens tokens = grantwire.authorize(alice, app, SCOPES, null);
        for (String instance : instances) {
            assertThat(grantwire.workItemsStatus(instance, tokens.access())).isEqualTo(200);
        }

        Round round = revokeAndWatch(alice, tokens);

        for (int i = 0; i < instances.size(); i++) {
            assertThat(round.refusedAt[i]).as(instances.get(i)).isPositive();
            Grantwire.Answer answer = grantwire.workItems(instances.get(i), tokens.access());
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).contains("invalid_token");
        }
        // The revoked grant's refresh token is dead at grant-service too.
        assertThat(grantwire.refresh(app, tokens.refresh()).status()).isEqualTo(400);
        assertThat(grantwire.introspect(app, tokens.access()).path("active").asBoolean()).isFalse();
    }

    @Test
    void propagationIsMeasuredOverManyRevocations() throws Exception {
        Samples fromSend = new Samples("revoke sent -> refused at an instance");
        Samples fromAnswer = new Samples("revoke answered -> refused at an instance");
        Samples answerTime = new Samples("revoke sent -> answered");
        List<MetricHistogram> before = guards.stream().map(MetricHistogram::guard).toList();
        for (int n = 0; n < ROUNDS; n++) {
            UUID user = grantwire.newUser();
            Tokens tokens = grantwire.authorize(user, app, SCOPES, null);
            for (String instance : instances) {
                // Each instance verifies and caches the token before the revoke.
                assertThat(grantwire.workItemsStatus(instance, tokens.access())).isEqualTo(200);
            }
            Round round = revokeAndWatch(user, tokens);
            answerTime.add(round.answered - round.sent);
            for (long refused : round.refusedAt) {
                fromSend.add(refused - round.sent);
                // Refused before the answer reached the caller counts as zero.
                fromAnswer.add(Math.max(0, refused - round.answered));
            }
        }
        assertThat(fromSend.size()).isEqualTo(ROUNDS * instances.size());
        ArrayNode applies = new ObjectMapper().createArrayNode();
        for (int i = 0; i < instances.size(); i++) {
            MetricHistogram applied = MetricHistogram.guard(guards.get(i)).since(before.get(i));
            assertThat(applied.count()).isGreaterThanOrEqualTo(ROUNDS);
            ObjectNode guard = applies.addObject();
            guard.put("instance", instances.get(i));
            guard.put("applied", applied.count());
            guard.put("p50CeilingMillis", applied.percentileCeilingMillis(50));
            guard.put("p99CeilingMillis", applied.percentileCeilingMillis(99));
            System.out.printf(
                    "guard %s: revokedAt -> applied, n=%.0f p50<=%.1f ms p99<=%.1f ms%n",
                    instances.get(i),
                    applied.count(),
                    applied.percentileCeilingMillis(50),
                    applied.percentileCeilingMillis(99));
        }

        ObjectNode header = new ObjectMapper().createObjectNode();
        header.put("test", getClass().getName());
        header.put("measuredAt", Instant.now().toString());
        header.put("revocations", ROUNDS);
        header.put("instances", instances.size());
        header.put("stalenessBoundMillis", StackExtension.STALENESS.toMillis());
        header.put(
                "method",
                "per revocation: a new grant and token, verified once at every instance; then one"
                        + " thread polls GET /api/work-items on each instance in turn, without"
                        + " sleeping, while"
                        + " the user API revoke is sent; times are System.nanoTime() when the"
                        + " revoke was sent, when its answer arrived, and when each instance first"
                        + " answered 401");
        header.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
        // The guards' own histogram: revokedAt (database clock, in the revoke transaction) to
        // applied, bucket ceilings.
        header.set("guardApplyLatency", applies);
        Path file =
                Path.of(System.getProperty("grantwire.work", "target/system"))
                        .resolve("results/propagation.json");
        Samples.write(file, header, List.of(fromSend, fromAnswer, answerTime));
        System.out.println(fromSend.summary());
        System.out.println(fromAnswer.summary());
        System.out.println(answerTime.summary());
        System.out.println("raw samples: " + file);
    }

    /** One revoke, watched from every instance. Times in System.nanoTime(). */
    private static final class Round {
        long sent;
        long answered;
        long[] refusedAt;
    }

    private Round revokeAndWatch(UUID user, Tokens tokens) throws Exception {
        Round round = new Round();
        CountDownLatch go = new CountDownLatch(1);
        Future<long[]> watching = pollers.submit(() -> firstRefusals(tokens.access(), go));
        round.sent = System.nanoTime();
        go.countDown();
        grantwire.revokeAsUser(user, tokens.grantId());
        round.answered = System.nanoTime();
        round.refusedAt = watching.get(REFUSAL_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
        return round;
    }

    /**
     * One thread polls the instances in turn, without sleeping, until each has refused the token;
     * returns the nanoTime of each one's first refusal. One poller rather than one per instance: on
     * two cores, three spinning pollers (and the three instances answering them) would starve the
     * services whose latency is being measured.
     */
    private long[] firstRefusals(String token, CountDownLatch go) throws InterruptedException {
        go.await();
        long[] refusedAt = new long[instances.size()];
        int pending = instances.size();
        long deadline = System.nanoTime() + REFUSAL_DEADLINE.toNanos();
        while (pending > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        pending + " instance(s) still accepted a revoked token after the deadline");
            }
            for (int i = 0; i < refusedAt.length; i++) {
                if (refusedAt[i] != 0) {
                    continue;
                }
                int status = grantwire.workItemsStatus(instances.get(i), token);
                long now = System.nanoTime();
                if (status == 401) {
                    refusedAt[i] = now;
                    pending--;
                } else if (status != 200) {
                    throw new AssertionError(
                            instances.get(i) + " answered " + status + " while polling");
                }
            }
        }
        return refusedAt;
    }
}
