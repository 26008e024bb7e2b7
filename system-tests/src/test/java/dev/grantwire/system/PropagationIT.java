package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private List<String> instances;
    private ExecutorService pollers;

    @BeforeAll
    void setUp(Stack stack) {
        grantwire = new Grantwire(stack);
        app = grantwire.registerApp(SCOPES);
        instances = stack.resourceApis().stream().map(ServiceProcess::baseUrl).toList();
        assertThat(instances).hasSizeGreaterThanOrEqualTo(3);
        pollers = Executors.newFixedThreadPool(instances.size());
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

        ObjectNode header = new ObjectMapper().createObjectNode();
        header.put("test", getClass().getName());
        header.put("measuredAt", Instant.now().toString());
        header.put("revocations", ROUNDS);
        header.put("instances", instances.size());
        header.put("stalenessBoundMillis", StackExtension.STALENESS.toMillis());
        header.put(
                "method",
                "per revocation: a new grant and token, verified once at every instance; then one"
                        + " thread per instance polls GET /api/work-items without sleeping while"
                        + " the user API revoke is sent; times are System.nanoTime() when the"
                        + " revoke was sent, when its answer arrived, and when each instance first"
                        + " answered 401");
        header.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
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
        round.refusedAt = new long[instances.size()];
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> watching = new ArrayList<>();
        for (String instance : instances) {
            watching.add(pollers.submit(() -> firstRefusal(instance, tokens.access(), go)));
        }
        round.sent = System.nanoTime();
        go.countDown();
        grantwire.revokeAsUser(user, tokens.grantId());
        round.answered = System.nanoTime();
        for (int i = 0; i < watching.size(); i++) {
            round.refusedAt[i] =
                    watching.get(i).get(REFUSAL_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
        }
        return round;
    }

    /** Polls until the instance refuses the token; the nanoTime of the first refusal. */
    private long firstRefusal(String instance, String token, CountDownLatch go)
            throws InterruptedException {
        go.await();
        long deadline = System.nanoTime() + REFUSAL_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            int status = grantwire.workItemsStatus(instance, token);
            long now = System.nanoTime();
            if (status == 401) {
                return now;
            }
            if (status != 200) {
                throw new AssertionError(instance + " answered " + status + " while polling");
            }
        }
        throw new AssertionError(instance + " still accepted a revoked token after the deadline");
    }
}
