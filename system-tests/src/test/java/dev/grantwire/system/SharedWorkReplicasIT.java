package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.FeedEvent;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationEvent;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What replicas share, done once and without gaps: the first start raced by both grant-service
 * replicas, revocations recorded by both revocation-service replicas and published by their relays
 * and heartbeats, the command relay and feed consumer of both grant-service replicas, and a key
 * rotation asked of one grant-service replica. Runs on the replicated stack (failsafe execution
 * {@code replicas}), every call through HAProxy unless it names a replica.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedWorkReplicasIT {

    private static final String SCOPES = "work_items.read offline_access";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Stack stack;
    private Grantwire grantwire;
    private App app;

    @BeforeAll
    void setUp(Stack stack) {
        this.stack = stack;
        grantwire = new Grantwire(stack);
        app = grantwire.registerApp(SCOPES);
    }

    @Test
    @Order(1)
    void firstStartWhenBothGrantReplicasRacedItThenEverythingBootstrappedOnce()
            throws SQLException {
        assertThat(stack.replicas(Service.GRANT)).hasSize(2);
        Map<String, Long> counts =
                counts(
                        Service.GRANT,
                        "SELECT client_id, count(*) FROM client_secret WHERE client_id IN"
                                + " ('consent-service', 'revocation-service') GROUP BY client_id");
        assertThat(counts)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("consent-service", 1L, "revocation-service", 1L));
        assertThat(count(Service.GRANT, "SELECT count(*) FROM initial_access_token")).isEqualTo(1);
        assertThat(count(Service.GRANT, "SELECT count(*) FROM org_policy")).isEqualTo(1);
        assertThat(count(Service.GRANT, "SELECT count(*) FROM signing_key")).isEqualTo(1);
        // Both replicas publish the same key set.
        assertThat(kids(stack.replicas(Service.GRANT).get(0)))
                .isEqualTo(kids(stack.replicas(Service.GRANT).get(1)))
                .hasSize(1);
    }

    @Test
    @Order(2)
    void
            revocationsWhenBothRevocationReplicasRecordThenEachPublishedAppliedOnceAndUnderTheWatermark()
                    throws SQLException {
        Map<String, Long> before = stack.balancer().orElseThrow().requests(Service.REVOCATION);
        List<Tokens> revoked = new ArrayList<>();
        Set<Long> sequences = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            UUID user = grantwire.newUser();
            Tokens tokens = grantwire.authorizeWhenFresh(user, app, SCOPES);
            sequences.add(grantwire.revokeAsUser(user, tokens.grantId()).sequence());
            revoked.add(tokens);
        }

        assertThat(sequences).hasSize(30);
        Map<String, Long> after = stack.balancer().orElseThrow().requests(Service.REVOCATION);
        assertThat(after).hasSize(2);
        after.forEach(
                (replica, total) ->
                        assertThat(total - before.getOrDefault(replica, 0L))
                                .as(replica + " recorded some of them")
                                .isPositive());
        for (Tokens tokens : revoked) {
            Instances.awaitStatus(grantwire, Instances.of(stack), tokens.access(), 401, DEADLINE);
        }
        Map<Long, Long> ledger = ledger();
        List<FeedEvent> topic;
        try (FeedProbe probe = new FeedProbe(stack.kafka().access(KafkaUser.ADMIN))) {
            topic = probe.eventsOnTopic(DEADLINE);
        }
        Set<Long> published = new HashSet<>();
        for (FeedEvent event : topic) {
            if (event instanceof RevocationEvent revocation) {
                published.add(revocation.sequence());
            } else if (event instanceof FeedHeartbeat beat) {
                // The watermark's promise: every revocation revoked before W is on the topic
                // before this heartbeat, whichever replica sent which.
                for (Map.Entry<Long, Long> row : ledger.entrySet()) {
                    if (row.getValue() < beat.watermark()) {
                        assertThat(published)
                                .as("revocation " + row.getKey() + " before W " + beat.watermark())
                                .contains(row.getKey());
                    }
                }
            }
        }
        assertThat(published).containsAll(sequences).containsAll(ledger.keySet());
        // grant-service's two consumers applied each one once (its key is the sequence).
        await().atMost(DEADLINE)
                .until(
                        () ->
                                count(
                                                Service.GRANT,
                                                "SELECT count(*) FROM applied_sequence WHERE sequence IN "
                                                        + in(sequences))
                                        == sequences.size());
    }

    @Test
    @Order(3)
    void commandsWhenBothGrantReplicasRelayThemThenEachRecordedOnceAndItsTokensRefused()
            throws SQLException {
        List<Tokens> killed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UUID user = grantwire.newUser();
            String code = grantwire.consent(user, app, SCOPES, null);
            Tokens tokens = Grantwire.tokens(grantwire.exchange(app, code));
            // A replayed code: grant-service queues a command that kills the grant.
            assertThat(grantwire.exchange(app, code).status()).isEqualTo(400);
            killed.add(tokens);
        }

        for (Tokens tokens : killed) {
            Instances.awaitStatus(grantwire, Instances.of(stack), tokens.access(), 401, DEADLINE);
        }
        await().atMost(DEADLINE)
                .until(
                        () ->
                                count(
                                                Service.GRANT,
                                                "SELECT count(*) FROM command_outbox WHERE delivered_at IS NULL")
                                        == 0);
        List<String> grants = killed.stream().map(t -> "'" + t.grantId() + "'").toList();
        assertThat(
                        count(
                                Service.GRANT,
                                "SELECT count(*) FROM command_outbox WHERE subject IN ("
                                        + String.join(",", grants)
                                        + ")"))
                .isEqualTo(10);
        // The ledger holds each command once, whichever relay delivered it, however often.
        assertThat(
                        count(
                                Service.REVOCATION,
                                "SELECT count(*) FROM revocation WHERE subject IN ("
                                        + String.join(",", grants)
                                        + ")"))
                .isEqualTo(10);
    }

    @Test
    @Order(4)
    void keyRotationWhenAskedOfOneReplicaThenBothPublishItAndSignWithItOnceActive()
            throws SQLException {
        UUID admin = grantwire.newAdmin();
        long keysBefore = count(Service.GRANT, "SELECT count(*) FROM signing_key");
        Answer rotated =
                grantwire.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                stack.replicas(Service.GRANT).get(0).baseUrl()
                                                        + "/internal/v1/admin/keys/rotate"))
                                .header("Authorization", "Bearer " + grantwire.consentToken())
                                .header("Grantwire-Acting-User", admin.toString())
                                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String kid = rotated.json().path("kid").asText();

        assertThat(count(Service.GRANT, "SELECT count(*) FROM signing_key"))
                .isEqualTo(keysBefore + 1);
        for (ServiceProcess replica : stack.replicas(Service.GRANT)) {
            await().atMost(DEADLINE).until(() -> kids(replica).contains(kid));
        }
        // Once active (activation delay 3 s here), each replica signs with it; the guards have it.
        for (ServiceProcess replica : stack.replicas(Service.GRANT)) {
            await().atMost(DEADLINE)
                    .until(
                            () ->
                                    kid.equals(
                                            Grantwire.joseHeader(clientCredentials(replica))
                                                    .path("kid")
                                                    .asText()));
        }
        Tokens fresh = grantwire.authorizeWhenFresh(grantwire.newUser(), app, SCOPES);
        assertThat(Grantwire.joseHeader(fresh.access()).path("kid").asText()).isEqualTo(kid);
        Instances.awaitStatus(grantwire, Instances.of(stack), fresh.access(), 200, DEADLINE);
    }

    private String clientCredentials(ServiceProcess replica) {
        Answer answer =
                grantwire.send(
                        HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/oauth2/token"))
                                .header(
                                        "Authorization",
                                        new App(Grantwire.CONSENT_CLIENT, Grantwire.CONSENT_SECRET)
                                                .basic())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "grant_type=client_credentials")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("access_token").asText();
    }

    private Set<String> kids(ServiceProcess replica) {
        Answer jwks =
                grantwire.send(
                        HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/oauth2/jwks")));
        Set<String> kids = new HashSet<>();
        jwks.json().path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    /** The ledger: sequence to revokedAt (epoch ms). */
    private Map<Long, Long> ledger() throws SQLException {
        Map<Long, Long> ledger = new HashMap<>();
        try (Connection db = connect(Service.REVOCATION);
                Statement statement = db.createStatement();
                ResultSet rows =
                        statement.executeQuery(
                                "SELECT sequence, (extract(epoch FROM revoked_at) * 1000)::bigint"
                                        + " FROM revocation")) {
            while (rows.next()) {
                ledger.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return ledger;
    }

    private long count(Service service, String sql) throws SQLException {
        try (Connection db = connect(service);
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private Map<String, Long> counts(Service service, String sql) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection db = connect(service);
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private Connection connect(Service service) throws SQLException {
        return DriverManager.getConnection(
                stack.postgres().jdbcUrl(service.database()),
                stack.postgres().user(),
                stack.postgres().password());
    }

    private static String in(Set<Long> values) {
        return "(" + String.join(",", values.stream().map(String::valueOf).toList()) + ")";
    }
}
