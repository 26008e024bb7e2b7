package dev.grantwire.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import dev.grantwire.testsupport.quarkus.ManagementInterface;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command API against a real PostgreSQL and a real broker. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class CommandResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PATH = "/internal/v1/revocations/commands";

    @Inject AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Db db;
    private FeedProbe feed;

    @BeforeEach
    void open() {
        db = new Db(dataSource);
        feed = new FeedProbe(KafkaAndPostgresResource.adminAccess());
        // Positions the probe at the end of the topic before anything is sent.
        feed.awaitNext(FeedHeartbeat.class, beat -> true, WAIT);
    }

    @AfterEach
    void close() {
        feed.close();
        db.clear();
    }

    @Test
    void operationalEndpointsWhenAskedThenOnlyTheManagementPortAnswers() {
        assertThat(
                        ManagementInterface.requireOnlyThere(
                                        "/q/health/live", "/q/metrics", "/q/openapi")
                                .get("/q/metrics"))
                .contains("grantwire_revocation_outbox_backlog");
    }

    @Test
    void commandWhenAcceptedThenOneLedgerRowOneSentOutboxRowAndOneEventWithItsSequence() {
        UUID commandId = UUID.randomUUID();
        Response answer = post(clientCommand(commandId, "my-app"));

        answer.then().statusCode(201);
        long sequence = answer.jsonPath().getLong("sequence");
        String eventId = answer.jsonPath().getString("eventId");
        RevocationEvent event =
                feed.awaitNext(RevocationEvent.class, e -> e.sequence() == sequence, WAIT);

        long revokedAt =
                db.queryLong(
                        "SELECT "
                                + Db.millis("revoked_at")
                                + " FROM revocation WHERE sequence = "
                                + sequence);
        RevocationBounds bounds = RevocationBounds.DEFAULTS;
        assertThat(event.kind()).isEqualTo(RevocationKind.CLIENT);
        assertThat(event.subject()).isEqualTo("my-app");
        assertThat(event.scope()).isEqualTo(RevocationScope.TOKENS);
        assertThat(event.clientId()).isEqualTo("my-app");
        assertThat(event.revokedAt()).isEqualTo(revokedAt);
        assertThat(event.cutoff()).isEqualTo(bounds.cutoff(revokedAt)).matches(c -> c % 1000 == 0);
        assertThat(event.expiresAt()).isEqualTo(bounds.expiresAt(revokedAt));
        assertThat(answer.jsonPath().getLong("revokedAt")).isEqualTo(revokedAt);
        assertThat(
                        db.queryLong(
                                "SELECT "
                                        + Db.millis("cutoff")
                                        + " FROM revocation WHERE sequence = "
                                        + sequence))
                .isEqualTo(event.cutoff());
        assertThat(
                        db.queryString(
                                "SELECT event_id::text || '/' || command_id::text FROM revocation"
                                        + " WHERE sequence = "
                                        + sequence))
                .isEqualTo(eventId + "/" + commandId);
        await().atMost(WAIT)
                .until(
                        () ->
                                db.queryLong(
                                                "SELECT count(*) FROM outbox WHERE sequence = "
                                                        + sequence
                                                        + " AND sent_at IS NOT NULL")
                                        == 1);
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isEqualTo(1);
        assertThat(
                        given().baseUri(ManagementInterface.url())
                                .when()
                                .get("/q/metrics")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString())
                .contains("grantwire_revocation_outbox_backlog")
                .contains("grantwire_revocation_publish_latency_seconds_count{path=\"commit\"")
                .contains("grantwire_revocation_watermark_age_seconds");
    }

    // Outside review 9: only the admin API revokes one of Grantwire's own services.
    @Test
    void commandWhenItRevokesAnInternalClientThen400AndNothingWritten() {
        for (String internal : List.of("grant-service", "consent-service", "revocation-service")) {
            post(clientCommand(UUID.randomUUID(), internal))
                    .then()
                    .statusCode(400)
                    .body("detail", org.hamcrest.Matchers.containsString("admin API"));
        }
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isZero();
    }

    @Test
    void commandWhenNotJsonThen415Problem() {
        given().header("Authorization", TestTokens.bearer())
                .contentType("text/plain")
                .body("revoke everything")
                .when()
                .post(PATH)
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
    }

    @Test
    void commandWhenRetriedWithTheSameIdThenSameSequenceAndNothingNew() {
        UUID commandId = UUID.randomUUID();
        String grant = UUID.randomUUID().toString();
        Response first = post(grantCommand(commandId, grant));
        Response retry = post(grantCommand(commandId, grant));

        first.then().statusCode(201);
        retry.then().statusCode(200);
        assertThat(retry.jsonPath().getLong("sequence"))
                .isEqualTo(first.jsonPath().getLong("sequence"));
        assertThat(retry.jsonPath().getString("eventId"))
                .isEqualTo(first.jsonPath().getString("eventId"));
        assertThat(retry.jsonPath().getLong("revokedAt"))
                .isEqualTo(first.jsonPath().getLong("revokedAt"));
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isEqualTo(1);
    }

    @Test
    void commandWhenSentConcurrentlyFromEightThreadsThenOneRowAndOneSequence() throws Exception {
        UUID commandId = UUID.randomUUID();
        String body = grantCommand(commandId, UUID.randomUUID().toString());
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                answers.add(
                        pool.submit(
                                () -> {
                                    barrier.await();
                                    return post(body);
                                }));
            }
            List<Long> sequences = new ArrayList<>();
            int created = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.statusCode()).isIn(200, 201);
                created += response.statusCode() == 201 ? 1 : 0;
                sequences.add(response.jsonPath().getLong("sequence"));
            }
            assertThat(created).isEqualTo(1);
            assertThat(sequences).hasSize(threads).containsOnly(sequences.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isEqualTo(1);
    }

    @Test
    void commandWhenMalformedOrInvalidThen400ProblemAndNoRow() {
        String grant = UUID.randomUUID().toString();
        List<String> bad =
                List.of(
                        "{not json",
                        "[]",
                        "{\"commandId\":\""
                                + UUID.randomUUID()
                                + "\",\"kind\":\"planet\","
                                + "\"subject\":\"x\",\"reason\":\"r\",\"actor\":\"a\"}",
                        "{\"commandId\":\""
                                + UUID.randomUUID()
                                + "\",\"kind\":\"grant\","
                                + "\"reason\":\"r\",\"actor\":\"a\"}",
                        "{\"commandId\":\"nope\",\"kind\":\"grant\",\"subject\":\""
                                + grant
                                + "\",\"reason\":\"r\",\"actor\":\"a\"}",
                        "{\"commandId\":\""
                                + UUID.randomUUID()
                                + "\",\"kind\":\"grant\","
                                + "\"subject\":\"not-a-uuid\",\"reason\":\"r\",\"actor\":\"a\"}",
                        "{\"commandId\":\""
                                + UUID.randomUUID()
                                + "\",\"kind\":\"client\","
                                + "\"subject\":\"app\",\"reason\":\"r\",\"actor\":\"a\"}",
                        "{\"commandId\":\""
                                + UUID.randomUUID()
                                + "\",\"kind\":\"user\","
                                + "\"subject\":\"u1\",\"scope\":\"tokens\",\"reason\":\"r\","
                                + "\"actor\":\"a\"}",
                        "{\"commandId\":\""
                                + UUID.randomUUID()
                                + "\",\"kind\":\"grant\","
                                + "\"subject\":42,\"reason\":\"r\",\"actor\":\"a\"}");
        for (String body : bad) {
            Response answer = post(body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getInt("status")).isEqualTo(400);
            assertThat(answer.jsonPath().getString("detail")).isNotBlank();
        }
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isZero();
    }

    @Test
    void commandWhenItsIdIsReusedForAnotherSubjectThen409AndNothingNew() {
        UUID commandId = UUID.randomUUID();
        post(grantCommand(commandId, UUID.randomUUID().toString())).then().statusCode(201);

        Response reused = post(grantCommand(commandId, UUID.randomUUID().toString()));

        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
    }

    static Response post(String body) {
        return post(body, TestTokens.bearer());
    }

    static Response post(String body, String authorization) {
        var request = given().contentType("application/json").body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post(PATH);
    }

    static String grantCommand(UUID commandId, String grantId) {
        return "{\"commandId\":\""
                + commandId
                + "\",\"kind\":\"grant\",\"subject\":\""
                + grantId
                + "\",\"reason\":\"refresh_token_reuse\",\"actor\":\"service:grant-service\"}";
    }

    static String clientCommand(UUID commandId, String clientId) {
        return "{\"commandId\":\""
                + commandId
                + "\",\"kind\":\"client\",\"subject\":\""
                + clientId
                + "\",\"scope\":\"tokens\",\"reason\":\"secret_regenerated\","
                + "\"actor\":\"service:grant-service\"}";
    }
}
