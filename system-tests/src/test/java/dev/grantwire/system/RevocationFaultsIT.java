package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationTopic;
import dev.grantwire.system.Grantwire.Answer;
import dev.grantwire.system.Grantwire.App;
import dev.grantwire.system.Grantwire.Tokens;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.service.ServiceProcess;
import dev.grantwire.testsupport.stack.Stack;
import dev.grantwire.testsupport.stack.Stack.Service;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What must hold when parts fail: the broker down at a guard's start or killed mid-burst,
 * revocation-service killed mid-burst, a revoke transaction stuck open, grant-service away while
 * its revocations leave the topic. No revocation is ever lost, and nobody acts on a view staler
 * than B.
 *
 * <p>Runs last, in its own failsafe execution with its own stack, since it breaks things. Each test
 * leaves every part running again.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevocationFaultsIT {

    static final String SCOPES = "work_items.read offline_access";

    /** What a token needs for userinfo. */
    static final String OPENID_SCOPES = SCOPES + " openid";

    static final Duration B = StackExtension.STALENESS;
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** revocation-service's shared advisory lock key (LedgerLock.KEY, "gw-revoc" in ASCII). */
    static final long LEDGER_LOCK = 0x67772d7265766f63L;

    private Stack stack;
    private Grantwire grantwire;
    private App app;
    private ExecutorService background;

    @BeforeAll
    void setUp(Stack stack) {
        this.stack = stack;
        grantwire = new Grantwire(stack);
        app = grantwire.registerApp(OPENID_SCOPES);
        background = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    void tearDown() {
        background.shutdownNow();
    }

    /**
     * Whatever a test broke, the next one starts with everything up and fresh. Fresh can lapse
     * again for a moment (rows a killed revocation-service had leased hold the watermark until
     * their lease ends), so every test also takes its tokens with {@code authorizeWhenFresh}.
     */
    @AfterEach
    void everythingRunsAgain() {
        if (!stack.kafka().isRunning()) {
            stack.kafka().restart();
        }
        for (Service service : List.of(Service.GRANT, Service.REVOCATION)) {
            ServiceProcess process = stack.service(service);
            if (!process.isRunning()) {
                process.restart().awaitReady(Duration.ofMinutes(2));
            }
        }
        Tokens probe = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
        Instances.awaitStatus(grantwire, Instances.of(stack), probe.access(), 200, DEADLINE);
    }

    @Test
    @Order(1)
    void aGuardStartedWhileTheBrokerIsDownWaitsThenRefusesEveryRevokedToken() {
        List<String> running = Instances.of(stack);
        List<Tokens> revoked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID user = grantwire.newUser();
            Tokens tokens = grantwire.authorizeWhenFresh(user, app, SCOPES);
            grantwire.revokeAsUser(user, tokens.grantId());
            revoked.add(tokens);
        }
        for (Tokens tokens : revoked) {
            Instances.awaitStatus(grantwire, running, tokens.access(), 401, DEADLINE);
        }
        Tokens valid = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);

        stack.kafka().kill();
        ServiceProcess late = stack.startResourceApi().awaitLive(Duration.ofMinutes(2));
        try {
            // Not caught up: it answers, but serves nothing and is not ready.
            for (String token : List.of(valid.access(), revoked.get(0).access())) {
                Answer answer = grantwire.workItems(late.baseUrl(), token);
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isNotBlank();
            }
            assertThat(health(late, "/q/health/ready")).isEqualTo(503);
            assertThat(health(late, "/q/health/live")).isEqualTo(200);

            stack.kafka().restart();

            // From its first answer that is not "wait", every revoked token is refused.
            for (Tokens tokens : revoked) {
                int first = firstAnswerOtherThan503(late.baseUrl(), tokens.access());
                assertThat(first).isEqualTo(401);
            }
            assertThat(firstAnswerOtherThan503(late.baseUrl(), valid.access())).isEqualTo(200);
            assertThat(health(late, "/q/health/ready")).isEqualTo(200);
        } finally {
            late.close();
        }
    }

    @Test
    @Order(2)
    void theBrokerKilledDuringABurstLosesNoRevocation() throws Exception {
        List<String> instances = Instances.of(stack);
        int burst = 60;
        List<UUID> users = new ArrayList<>();
        List<Tokens> doomed = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            UUID user = grantwire.newUser();
            users.add(user);
            doomed.add(grantwire.authorizeWhenFresh(user, app, SCOPES));
        }
        Tokens untouched = grantwire.authorizeWhenFresh(grantwire.newUser(), app, OPENID_SCOPES);
        assertThat(grantwire.introspect(app, untouched.access()).path("active").asBoolean())
                .isTrue();
        assertThat(grantwire.userInfo(untouched.access()).status()).isEqualTo(200);

        CountDownLatch thirdDone = new CountDownLatch(burst / 3);
        AtomicInteger answered = new AtomicInteger();
        Future<List<Long>> revoking =
                background.submit(
                        () -> {
                            List<Long> sequences = new ArrayList<>();
                            for (int i = 0; i < burst; i++) {
                                sequences.add(
                                        grantwire
                                                .revokeAsUser(users.get(i), doomed.get(i).grantId())
                                                .sequence());
                                answered.incrementAndGet();
                                thirdDone.countDown();
                            }
                            return sequences;
                        });
        assertThat(thirdDone.await(60, TimeUnit.SECONDS)).isTrue();
        stack.kafka().kill();
        int answeredBeforeTheKill = answered.get();
        long killed = System.nanoTime();
        // Every revocation is still accepted: recorded, answered, waiting in the outbox.
        List<Long> sequences = revoking.get(2, TimeUnit.MINUTES);
        assertThat(sequences).hasSize(burst).doesNotHaveDuplicates();

        // Once the watermark is older than B, delegated tokens get 503 everywhere...
        for (String instance : instances) {
            Answer stale = awaitStatus(instance, untouched.access(), 503, B.plusSeconds(20));
            assertThat(stale.header("Retry-After")).isNotBlank();
        }
        long staleAfterMs = (System.nanoTime() - killed) / 1_000_000;
        // ...and grant-service refuses to issue user tokens, but the services' own tokens are
        // never gated, so revoking keeps working.
        Answer refused = grantwire.refresh(app, untouched.refresh());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(grantwire.newServiceToken()).isNotBlank();
        // Nor does grant-service vouch for a delegated token it may not know was revoked (the last
        // of the burst was, after the broker died): introspection says inactive, userinfo waits.
        for (String token : List.of(untouched.access(), doomed.get(burst - 1).access())) {
            assertThat(grantwire.introspect(app, token).path("active").asBoolean()).isFalse();
        }
        assertThat(grantwire.introspect(app, untouched.refresh()).path("active").asBoolean())
                .isFalse();
        Answer userInfo = grantwire.userInfo(untouched.access());
        assertThat(userInfo.status()).isEqualTo(503);
        assertThat(userInfo.header("Retry-After")).isNotBlank();
        assertThat(userInfo.json().path("error").asText()).isEqualTo("temporarily_unavailable");

        stack.kafka().restart();
        long restarted = System.nanoTime();

        int refusals = 0;
        for (Tokens tokens : doomed) {
            Instances.awaitStatus(grantwire, instances, tokens.access(), 401, DEADLINE);
            refusals += instances.size();
        }
        assertThat(refusals).isEqualTo(burst * instances.size());
        System.out.printf(
                "broker killed mid-burst: %d of %d revocations answered before the kill, the rest"
                        + " after it; every instance stale (503) %d ms after the kill (B = %d s,"
                        + " counted from the watermark's time);"
                        + " %d of %d refused at each of %d instances %d ms after the broker's"
                        + " restart%n",
                answeredBeforeTheKill,
                burst,
                staleAfterMs,
                B.toSeconds(),
                refusals / instances.size(),
                burst,
                instances.size(),
                (System.nanoTime() - restarted) / 1_000_000);
        await().atMost(DEADLINE).until(() -> publishedSequences().containsAll(sequences));
        Instances.awaitStatus(grantwire, instances, untouched.access(), 200, DEADLINE);
        await().atMost(DEADLINE)
                .until(
                        () ->
                                grantwire
                                        .introspect(app, untouched.access())
                                        .path("active")
                                        .asBoolean());
        assertThat(
                        grantwire
                                .introspect(app, doomed.get(burst - 1).access())
                                .path("active")
                                .asBoolean())
                .isFalse();
        assertThat(grantwire.userInfo(untouched.access()).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void revocationServiceKilledMidBurstPublishesEveryAcknowledgedRevocation() throws Exception {
        List<String> instances = Instances.of(stack);
        int burst = 40;
        List<UUID> users = new ArrayList<>();
        List<Tokens> tokens = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            UUID user = grantwire.newUser();
            users.add(user);
            tokens.add(grantwire.authorizeWhenFresh(user, app, SCOPES));
        }
        Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch someDone = new CountDownLatch(burst / 3);
        Future<?> revoking =
                background.submit(
                        () -> {
                            for (int i = 0; i < burst; i++) {
                                try {
                                    Answer answer =
                                            grantwire.userRevoke(
                                                    users.get(i), tokens.get(i).grantId());
                                    if (answer.status() == 201) {
                                        acknowledged.put(
                                                i, answer.json().path("sequence").asLong());
                                    }
                                } catch (AssertionError connectionRefused) {
                                    // Killed: not acknowledged, so nothing is promised.
                                }
                                someDone.countDown();
                            }
                        });
        assertThat(someDone.await(60, TimeUnit.SECONDS)).isTrue();
        ServiceProcess revocation = stack.service(Service.REVOCATION);
        revocation.kill();
        revoking.get(2, TimeUnit.MINUTES);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(burst / 3);

        revocation.restart().awaitReady(Duration.ofMinutes(2));

        for (int i : acknowledged.keySet()) {
            Instances.awaitStatus(grantwire, instances, tokens.get(i).access(), 401, DEADLINE);
        }
        await().atMost(DEADLINE)
                .until(() -> publishedSequences().containsAll(acknowledged.values()));
        // The ones refused while it was down can be revoked now.
        for (int i = 0; i < burst; i++) {
            if (!acknowledged.containsKey(i)) {
                grantwire.userRevoke(users.get(i), tokens.get(i).grantId());
                Instances.awaitStatus(grantwire, instances, tokens.get(i).access(), 401, DEADLINE);
            }
        }
        System.out.println(
                "revocation-service kill: "
                        + acknowledged.size()
                        + " of "
                        + burst
                        + " acknowledged before or after the kill, all published");
    }

    @Test
    @Order(4)
    void aRevokeTransactionHeldOpenHoldsTheWatermarkBack() throws Exception {
        List<String> instances = Instances.of(stack);
        UUID user = grantwire.newUser();
        Tokens doomed = grantwire.authorizeWhenFresh(user, app, SCOPES);
        Tokens bystander = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
        Instances.awaitStatus(grantwire, instances, bystander.access(), 200, DEADLINE);
        long staleAfterMs;

        try (Connection connection =
                DriverManager.getConnection(
                        stack.postgres().jdbcUrl(Service.REVOCATION.database()),
                        stack.postgres().user(),
                        stack.postgres().password())) {
            connection.setAutoCommit(false);
            // What revocation-service's own write path does, stuck before its commit.
            holdRevokeTransaction(connection, doomed.grantId(), app.clientId(), user);
            long held = System.nanoTime();

            for (String instance : instances) {
                Answer stale = awaitStatus(instance, bystander.access(), 503, B.plusSeconds(20));
                assertThat(stale.header("Retry-After")).isNotBlank();
            }
            staleAfterMs = (System.nanoTime() - held) / 1_000_000;
            assertThat(grantwire.workItemsStatus(instances.get(0), doomed.access())).isEqualTo(503);

            connection.commit();
        }
        long committed = System.nanoTime();
        // The relay publishes the row nobody sent; heartbeats resume; everyone recovers.
        Instances.awaitStatus(grantwire, instances, doomed.access(), 401, DEADLINE);
        Instances.awaitStatus(grantwire, instances, bystander.access(), 200, DEADLINE);
        System.out.printf(
                "revoke transaction held open: every instance stale (503) %d ms after it began"
                        + " (B = %d s); after the commit the revocation refused and the bystander"
                        + " served at each of %d instances within %d ms%n",
                staleAfterMs,
                B.toSeconds(),
                instances.size(),
                (System.nanoTime() - committed) / 1_000_000);
    }

    @Test
    @Order(5)
    void grantServiceAwayWhileItsRevocationsLeaveTheTopicReconcilesFromTheLedger()
            throws Exception {
        int count = 5;
        List<UUID> users = new ArrayList<>();
        List<Tokens> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID user = grantwire.newUser();
            users.add(user);
            tokens.add(grantwire.authorizeWhenFresh(user, app, SCOPES));
        }
        String commandToken = grantwire.consentToken();
        ServiceProcess grant = stack.service(Service.GRANT);
        grant.close();

        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sequences.add(grantwire.command(commandToken, "grant", tokens.get(i).grantId()));
        }
        await().atMost(DEADLINE).until(() -> publishedSequences().containsAll(sequences));

        // A short retention: with heartbeats every second, segments roll and are deleted.
        long end = endOfTopic();
        stack.kafka()
                .alterTopicConfigs(
                        RevocationTopic.NAME, Map.of("retention.ms", "1000", "segment.ms", "500"));
        try {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (stack.kafka().earliestOffset(RevocationTopic.NAME) < end) {
                assertThat(System.nanoTime())
                        .as("old segments deleted in time")
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
        } finally {
            stack.kafka().alterTopicConfigs(RevocationTopic.NAME, RevocationTopic.CONFIGS);
        }
        assertThat(publishedSequences()).doesNotContainAnyElementsOf(sequences);

        long restarting = System.nanoTime();
        grant.restart().awaitReady(Duration.ofMinutes(2));
        long readyAfterMs = (System.nanoTime() - restarting) / 1_000_000;

        for (int i = 0; i < count; i++) {
            Answer refreshed = grantwire.refresh(app, tokens.get(i).refresh());
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(400);
            assertThat(refreshed.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(grantwire.introspect(app, tokens.get(i).access()).path("active").asBoolean())
                    .isFalse();
        }
        System.out.printf(
                "grant-service away while its revocations left the topic: ready %d ms after its"
                        + " restart, reconciled from the ledger; %d of %d refreshes refused"
                        + " (invalid_grant)%n",
                readyAfterMs, count, count);
    }

    // --- helpers -----------------------------------------------------------------------------

    private void holdRevokeTransaction(
            Connection connection, UUID grantId, String clientId, UUID user) throws SQLException {
        try (PreparedStatement lock =
                        connection.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)");
                PreparedStatement ledger =
                        connection.prepareStatement(
                                "INSERT INTO revocation (event_id, kind, subject, client_id,"
                                        + " user_id, revoked_at, expires_at, reason, actor)"
                                        + " VALUES (?, 'grant', ?, ?, ?, clock_timestamp(),"
                                        + " clock_timestamp() + interval '100 minutes',"
                                        + " 'held transaction test', 'system-test')"
                                        + " RETURNING sequence, revoked_at");
                PreparedStatement outbox =
                        connection.prepareStatement(
                                "INSERT INTO outbox (sequence, revoked_at) VALUES (?, ?)")) {
            lock.setLong(1, LEDGER_LOCK);
            lock.execute();
            ledger.setObject(1, UUID.randomUUID());
            ledger.setString(2, grantId.toString());
            ledger.setString(3, clientId);
            ledger.setString(4, user.toString());
            try (var row = ledger.executeQuery()) {
                row.next();
                outbox.setLong(1, row.getLong(1));
                outbox.setTimestamp(2, row.getTimestamp(2));
            }
            outbox.executeUpdate();
        }
    }

    private Answer awaitStatus(String instance, String token, int status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer answer;
        do {
            answer = grantwire.workItems(instance, token);
        } while (answer.status() != status && System.nanoTime() < deadline);
        assertThat(answer.status()).as(instance + ": " + answer.body()).isEqualTo(status);
        return answer;
    }

    private int firstAnswerOtherThan503(String instance, String token) {
        long deadline = System.nanoTime() + DEADLINE.plus(DEADLINE).toNanos();
        while (System.nanoTime() < deadline) {
            int status = grantwire.workItemsStatus(instance, token);
            if (status != 503) {
                return status;
            }
        }
        throw new AssertionError(instance + " kept answering 503");
    }

    private int health(ServiceProcess service, String path) {
        return grantwire
                .send(HttpRequest.newBuilder(URI.create(service.managementUrl() + path)).GET())
                .status();
    }

    private Set<Long> publishedSequences() {
        try (FeedProbe probe = new FeedProbe(stack.kafka().access(KafkaUser.ADMIN))) {
            return probe.revocationsOnTopic(DEADLINE).stream()
                    .map(RevocationEvent::sequence)
                    .collect(Collectors.toSet());
        }
    }

    private long endOfTopic() {
        try (FeedProbe probe = new FeedProbe(stack.kafka().access(KafkaUser.ADMIN))) {
            return probe.endOffset(DEADLINE);
        }
    }
}
