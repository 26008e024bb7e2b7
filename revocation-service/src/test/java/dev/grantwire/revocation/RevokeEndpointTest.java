package dev.grantwire.revocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7009 {@code POST /oauth2/revoke} against a real PostgreSQL and broker, grant-service played
 * by {@link FakeGrantService}: what is recorded (ledger and outbox rows, the event on the topic)
 * and what is not.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class RevokeEndpointTest {

    private static final String PATH = "/oauth2/revoke";
    private static final String APP = "work-items-app";
    private static final String APP_SECRET = "app-secret-0123456789";
    private static final String OTHER_APP = "other-app";
    private static final String OTHER_SECRET = "other-secret-0123456789";

    @Inject AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "grantwire.limits.per-client-per-minute")
    int perClient;

    private Db db;
    private final UUID user = UUID.randomUUID();
    private final UUID grant = UUID.randomUUID();

    @BeforeEach
    void open() {
        db = new Db(dataSource);
        FakeGrantService.reset();
        FakeGrantService.APP_SECRETS.put(APP, APP_SECRET);
        FakeGrantService.APP_SECRETS.put(OTHER_APP, OTHER_SECRET);
    }

    @AfterEach
    void close() {
        db.clear();
        FakeGrantService.reset();
    }

    @Test
    void revokeWhenAccessTokenOfTheClientThenEmpty200AndATokenRevocationOnLedgerOutboxAndTopic() {
        String jti = UUID.randomUUID().toString();
        FakeGrantService.ACCESS.put("access-1", new FakeGrantService.Access(APP, jti, grant, user));
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            feed.awaitNext(FeedHeartbeat.class, beat -> true, Duration.ofSeconds(15));

            Response answer =
                    basic(APP, APP_SECRET)
                            .formParam("token", "access-1")
                            .formParam("token_type_hint", "access_token")
                            .post(PATH);

            answer.then().statusCode(200).header("Cache-Control", "no-store");
            assertThat(answer.asString()).isEmpty();
            assertThat(row("kind, subject, scope, client_id, user_id, reason, actor"))
                    .isEqualTo(
                            "token|"
                                    + jti
                                    + "||"
                                    + APP
                                    + "|"
                                    + user
                                    + "|oauth2_revoke|client:"
                                    + APP);
            assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
            long sequence = db.queryLong("SELECT sequence FROM revocation");
            RevocationEvent event =
                    feed.awaitNext(
                            RevocationEvent.class,
                            e -> e.sequence() == sequence,
                            Duration.ofSeconds(15));
            assertThat(event.kind()).isEqualTo(RevocationKind.TOKEN);
            assertThat(event.subject()).isEqualTo(jti);
            assertThat(event.cutoff()).isNull();
            await().atMost(Duration.ofSeconds(15))
                    .until(
                            () ->
                                    db.queryLong(
                                                    "SELECT count(*) FROM outbox WHERE sent_at IS"
                                                            + " NOT NULL AND sequence = "
                                                            + sequence)
                                            == 1);
        }
        // The app's credentials and the token travelled to grant-service as presented.
        assertThat(FakeGrantService.LAST_RESOLUTION)
                .containsEntry("authorization", basicHeader(APP, APP_SECRET))
                .containsEntry("token", "access-1")
                .containsEntry("tokenTypeHint", "access_token");
    }

    @Test
    void revokeWhenRefreshTokenWithAWrongHintThenItsGrantIsRevoked() {
        FakeGrantService.REFRESH.put("refresh-1", new FakeGrantService.Refresh(APP, grant, user));

        basic(APP, APP_SECRET)
                .formParam("token", "refresh-1")
                .formParam("token_type_hint", "access_token")
                .post(PATH)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store");

        assertThat(row("kind, subject, scope, client_id, user_id"))
                .isEqualTo("grant|" + grant + "||" + APP + "|" + user);
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isEqualTo(1);
        assertThat(FakeGrantService.LAST_RESOLUTION).containsEntry("tokenTypeHint", "access_token");
    }

    @Test
    void revokeWhenTheSameRefreshTokenTwiceThenOneLedgerRow() {
        FakeGrantService.REFRESH.put("refresh-2", new FakeGrantService.Refresh(APP, grant, user));

        for (int i = 0; i < 2; i++) {
            basic(APP, APP_SECRET)
                    .formParam("token", "refresh-2")
                    .post(PATH)
                    .then()
                    .statusCode(200);
        }

        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isEqualTo(1);
    }

    @Test
    void revokeWhenClientSecretPostAndNoHintThenRecorded() {
        String jti = UUID.randomUUID().toString();
        FakeGrantService.ACCESS.put("access-2", new FakeGrantService.Access(APP, jti, null, null));

        given().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", APP)
                .formParam("client_secret", APP_SECRET)
                .formParam("token", "access-2")
                .post(PATH)
                .then()
                .statusCode(200);

        // A client-credentials token: no grant, no user.
        assertThat(row("kind, subject, client_id, user_id"))
                .isEqualTo("token|" + jti + "|" + APP + "|");
        assertThat(FakeGrantService.LAST_RESOLUTION)
                .containsEntry("clientId", APP)
                .containsEntry("clientSecret", APP_SECRET)
                .doesNotContainKey("authorization")
                .doesNotContainKey("tokenTypeHint");
    }

    @Test
    void revokeWhenTokenUnknownThen200AndNothingWritten() {
        basic(APP, APP_SECRET)
                .formParam("token", "never-issued")
                .formParam("token_type_hint", "refresh_token")
                .post(PATH)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store");

        assertNothingWritten();
    }

    @Test
    void revokeWhenClientDoesNotAuthenticateThen401InvalidClientAndNothingWritten() {
        FakeGrantService.REFRESH.put("refresh-3", new FakeGrantService.Refresh(APP, grant, user));

        Response wrongSecret =
                basic(APP, "not-the-secret").formParam("token", "refresh-3").post(PATH);
        wrongSecret
                .then()
                .statusCode(401)
                .contentType("application/json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"))
                .header("Cache-Control", "no-store");
        assertThat(wrongSecret.jsonPath().getString("error")).isEqualTo("invalid_client");

        Response anonymous =
                given().contentType("application/x-www-form-urlencoded")
                        .formParam("token", "refresh-3")
                        .post(PATH);
        anonymous.then().statusCode(401).contentType("application/json");
        assertThat(anonymous.jsonPath().getString("error")).isEqualTo("invalid_client");
        assertThat(anonymous.header("WWW-Authenticate")).isNull();

        assertNothingWritten();
    }

    @Test
    void revokeWhenTokenBelongsToAnotherAppThen401InvalidClientAndNothingWritten() {
        FakeGrantService.REFRESH.put("refresh-4", new FakeGrantService.Refresh(APP, grant, user));
        FakeGrantService.ACCESS.put(
                "access-4",
                new FakeGrantService.Access(APP, UUID.randomUUID().toString(), grant, user));

        for (String token : new String[] {"refresh-4", "access-4"}) {
            Response answer = basic(OTHER_APP, OTHER_SECRET).formParam("token", token).post(PATH);
            answer.then().statusCode(401).contentType("application/json");
            assertThat(answer.jsonPath().getString("error")).isEqualTo("invalid_client");
        }

        assertNothingWritten();
    }

    @Test
    void revokeWhenRequestMalformedThen400InvalidRequestAndNothingWritten() {
        FakeGrantService.REFRESH.put("refresh-5", new FakeGrantService.Refresh(APP, grant, user));

        Response json =
                basic(APP, APP_SECRET)
                        .contentType("application/json")
                        .body("{\"token\":\"refresh-5\"}")
                        .post(PATH);
        Response repeated =
                given().header("Authorization", basicHeader(APP, APP_SECRET))
                        .contentType("application/x-www-form-urlencoded")
                        .body("token=refresh-5&token=refresh-5")
                        .post(PATH);
        Response noToken = basic(APP, APP_SECRET).formParam("token_type_hint", "x").post(PATH);
        Response badEncoding =
                given().header("Authorization", basicHeader(APP, APP_SECRET))
                        .contentType("application/x-www-form-urlencoded")
                        .body("token=%zz")
                        .post(PATH);

        for (Response answer : new Response[] {json, repeated, noToken, badEncoding}) {
            answer.then().statusCode(400).contentType("application/json");
            assertThat(answer.jsonPath().getString("error")).isEqualTo("invalid_request");
        }
        assertNothingWritten();
    }

    @Test
    void revokeWhenGrantServiceUnavailableThen503TemporarilyUnavailableAndNothingWritten() {
        FakeGrantService.REFRESH.put("refresh-6", new FakeGrantService.Refresh(APP, grant, user));
        FakeGrantService.down = true;

        Response answer = basic(APP, APP_SECRET).formParam("token", "refresh-6").post(PATH);

        answer.then().statusCode(503).header("Retry-After", "1");
        assertThat(answer.jsonPath().getString("error")).isEqualTo("temporarily_unavailable");
        assertNothingWritten();
    }

    @Test
    void revokeWhenCalledRepeatedlyThenTheServiceTokenIsFetchedOnceAndReused() {
        basic(APP, APP_SECRET).formParam("token", "warm-up").post(PATH).then().statusCode(200);
        int before = FakeGrantService.TOKEN_REQUESTS.get();

        for (int i = 0; i < 3; i++) {
            basic(APP, APP_SECRET)
                    .formParam("token", "unknown-" + i)
                    .post(PATH)
                    .then()
                    .statusCode(200);
        }

        assertThat(FakeGrantService.TOKEN_REQUESTS.get()).isEqualTo(before);
        assertNothingWritten();
    }

    private String row(String columns) {
        return db.queryString(
                "SELECT concat_ws('|', "
                        + String.join(
                                ", ",
                                java.util.Arrays.stream(columns.split(","))
                                        .map(c -> "coalesce(" + c.trim() + ", '')")
                                        .toList())
                        + ") FROM revocation");
    }

    private void assertNothingWritten() {
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM outbox")).isZero();
    }

    // Outside review 10: a single-page app revokes from the browser on sign-out.
    @Test
    void revokeWhenPublicClientOriginThenCorsAllowsItAndNoOtherOrigin() {
        String spa = "https://spa.example";
        FakeGrantService.CORS_ORIGINS.add(spa);
        String jti = UUID.randomUUID().toString();
        FakeGrantService.ACCESS.put(
                "access-spa", new FakeGrantService.Access(APP, jti, grant, user));

        given().header("Origin", spa)
                .header("Access-Control-Request-Method", "POST")
                .options(PATH)
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", spa)
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Credentials", org.hamcrest.Matchers.nullValue());
        basic(APP, APP_SECRET)
                .header("Origin", spa)
                .formParam("token", "access-spa")
                .post(PATH)
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", spa)
                .header("Access-Control-Allow-Credentials", org.hamcrest.Matchers.nullValue());
        assertThat(db.queryLong("SELECT count(*) FROM revocation WHERE subject = '" + jti + "'"))
                .isEqualTo(1);

        String evil = "https://evil.example";
        given().header("Origin", evil)
                .header("Access-Control-Request-Method", "POST")
                .options(PATH)
                .then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        basic(APP, APP_SECRET)
                .header("Origin", evil)
                .formParam("token", "never-issued")
                .post(PATH)
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        // grant-service down: no CORS header, and the revocation still answers as before.
        FakeGrantService.down = true;
        given().header("Origin", spa)
                .header("Access-Control-Request-Method", "POST")
                .options(PATH)
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    // Outside review 6: each client (by the id it presents) has a limit per minute; over it a
    // revocation request is a 429 and nothing is asked of grant-service or recorded.
    @Test
    void revokeWhenClientOverItsLimitThen429AndNothingRecorded() {
        // A client of its own: the budget it spends lasts for the minute, other tests included.
        String limitedApp = "limited-app-" + UUID.randomUUID();
        FakeGrantService.APP_SECRETS.put(limitedApp, OTHER_SECRET);
        String jti = UUID.randomUUID().toString();
        FakeGrantService.ACCESS.put(
                "access-limited", new FakeGrantService.Access(limitedApp, jti, grant, user));
        for (int i = 0; i < perClient; i++) {
            basic(limitedApp, "guess-" + i)
                    .formParam("token", "x")
                    .post(PATH)
                    .then()
                    .statusCode(401);
        }
        FakeGrantService.LAST_RESOLUTION.clear();

        Response limited =
                basic(limitedApp, OTHER_SECRET).formParam("token", "access-limited").post(PATH);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.jsonPath().getString("error")).isEqualTo("temporarily_unavailable");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(FakeGrantService.LAST_RESOLUTION).isEmpty();
        assertThat(db.queryLong("SELECT count(*) FROM revocation")).isZero();
        basic(APP, APP_SECRET).formParam("token", "never-issued").post(PATH).then().statusCode(200);
    }

    private static RequestSpecification basic(String clientId, String secret) {
        return given().header("Authorization", basicHeader(clientId, secret))
                .contentType("application/x-www-form-urlencoded");
    }

    static String basicHeader(String clientId, String secret) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(
                                (clientId + ":" + secret)
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
