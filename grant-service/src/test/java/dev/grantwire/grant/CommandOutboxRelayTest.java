package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.grantwire.grant.messaging.CommandRelay;
import dev.grantwire.grant.support.FakeRevocationService;
import dev.grantwire.grant.support.FakeRevocationServiceResource;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.grant.support.Jose4j;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import dev.grantwire.testsupport.quarkus.ManagementInterface;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command outbox reaches revocation-service (a fake serving its command API): sent right after
 * the commit with grant-service's own service token, retried with backoff while revocation-service
 * fails, given up (marked failed) when it refuses the command, and claimed with a lease so
 * concurrent relays deliver each command once.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
@QuarkusTestResource(FakeRevocationServiceResource.class)
class CommandOutboxRelayTest {

    private static final String SCOPE = "work_items.read offline_access";

    @Inject AgroalDataSource database;

    @Inject CommandRelay relay;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "grantwire.issuer")
    String issuer;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void codeReplayWhenCommittedThenGrantCommandDeliveredOnceWithServiceToken() throws Exception {
        Fixture.Code code = replayedCode();
        String grantId = code.grantId().toString();

        UUID commandId = awaitDelivered(grantId);
        List<Map<String, String>> received = FakeRevocationService.commandsWithId(commandId);
        assertThat(received).hasSize(1);
        Map<String, String> command = received.get(0);
        assertThat(command)
                .containsEntry("kind", "grant")
                .containsEntry("subject", grantId)
                .containsEntry("actor", "grant-service")
                .containsEntry("status", "201");
        assertThat(command.get("reason")).isNotBlank();
        assertServiceToken(command.get("authorization"));
        assertThat(FakeRevocationService.commandsFor(grantId)).hasSize(1);
        assertThat(fixture.count("SELECT attempts FROM command_outbox WHERE id = ?", commandId))
                .isEqualTo(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE id = ?"
                                        + " AND revocation_sequence IS NOT NULL"
                                        + " AND failed_at IS NULL AND lease_until IS NULL",
                                commandId))
                .isEqualTo(1);
    }

    @Test
    void appDisableWhenCommittedThenAppWideTokensCommandDelivered() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID admin = fixture.signInFirstAdmin();

        given().auth()
                .oauth2(fixture.internalToken())
                .header("Grantwire-Acting-User", admin.toString())
                .post("/internal/v1/admin/apps/" + app.clientId() + "/disable")
                .then()
                .statusCode(204);

        UUID commandId = awaitDelivered(app.clientId());
        assertThat(FakeRevocationService.commandsWithId(commandId))
                .singleElement()
                .satisfies(
                        command ->
                                assertThat(command)
                                        .containsEntry("kind", "client")
                                        .containsEntry("subject", app.clientId())
                                        .containsEntry("scope", "tokens")
                                        .containsEntry("status", "201"));
    }

    @Test
    void deliveryWhenRevocationServiceUnavailableThenRetriedUntilRecorded() {
        Fixture.Code code = consentedCode();
        String grantId = code.grantId().toString();
        FakeRevocationService.answerNext(grantId, 503, 503);

        replay(code);

        UUID commandId = awaitDelivered(grantId);
        assertThat(FakeRevocationService.commandsWithId(commandId))
                .extracting(received -> received.get("status"))
                .containsExactly("503", "503", "201");
        assertThat(fixture.count("SELECT attempts FROM command_outbox WHERE id = ?", commandId))
                .isEqualTo(3);
        given().baseUri(ManagementInterface.url())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("grantwire_command_outbox_retries_total"))
                .body(containsString("grantwire_command_outbox_delivered_total"));
    }

    @Test
    void deliveryWhenRevocationServiceRefusesCommandThenMarkedFailedAndNeverSentAgain() {
        Fixture.Code code = consentedCode();
        String grantId = code.grantId().toString();
        FakeRevocationService.answerNext(grantId, 400);

        replay(code);

        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                fixture.count(
                                                "SELECT count(*) FROM command_outbox"
                                                        + " WHERE subject = ? AND failed_at IS NOT NULL",
                                                grantId)
                                        == 1);
        UUID commandId = UUID.fromString(commandIdOf(grantId));
        assertThat(fixture.text("SELECT last_error FROM command_outbox WHERE id = ?", commandId))
                .startsWith("400");
        // Later relay runs leave it alone: one attempt, one request, never delivered.
        relay.relay();
        relay.relay();
        assertThat(FakeRevocationService.commandsWithId(commandId)).hasSize(1);
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE id = ? AND attempts = 1"
                                        + " AND delivered_at IS NULL",
                                commandId))
                .isEqualTo(1);
        given().baseUri(ManagementInterface.url())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("grantwire_command_outbox_failed_total"))
                .body(containsString("grantwire_command_outbox_failed_commands"));
    }

    @Test
    void relayWhenRunByManyThreadsAtOnceThenEachCommandDeliveredExactlyOnce() throws Exception {
        // Queued without the after-commit send (as if the replica crashed right after the commit),
        // so only the relays below and the scheduled one compete for them.
        List<String> subjects = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement insert =
                        connection.prepareStatement(
                                "INSERT INTO command_outbox (id, kind, subject, reason, actor)"
                                        + " VALUES (?, 'grant', ?, 'refresh token reused',"
                                        + " 'grant-service')")) {
            for (int i = 0; i < 40; i++) {
                String subject = UUID.randomUUID().toString();
                subjects.add(subject);
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, subject);
                insert.addBatch();
            }
            insert.executeBatch();
        }

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> relays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            relays.add(
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return relay.relay();
                            }));
        }
        start.countDown();
        CompletableFuture.allOf(relays.toArray(CompletableFuture[]::new)).join();

        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                fixture.count(
                                                "SELECT count(*) FROM command_outbox"
                                                        + " WHERE subject = ANY (?::text[])"
                                                        + " AND delivered_at IS NOT NULL",
                                                subjectArray(subjects))
                                        == subjects.size());
        for (String subject : subjects) {
            assertThat(FakeRevocationService.commandsFor(subject)).hasSize(1);
        }
        assertThat(
                        fixture.count(
                                "SELECT max(attempts) FROM command_outbox"
                                        + " WHERE subject = ANY (?::text[])",
                                subjectArray(subjects)))
                .isEqualTo(1);
    }

    private UUID awaitDelivered(String subject) {
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                fixture.count(
                                                "SELECT count(*) FROM command_outbox"
                                                        + " WHERE subject = ? AND delivered_at IS NOT NULL",
                                                subject)
                                        == 1);
        assertThat(fixture.count("SELECT count(*) FROM command_outbox WHERE subject = ?", subject))
                .isEqualTo(1);
        return UUID.fromString(commandIdOf(subject));
    }

    private String commandIdOf(String subject) {
        return fixture.text("SELECT id::text FROM command_outbox WHERE subject = ?", subject);
    }

    private static String subjectArray(List<String> subjects) {
        return "{" + String.join(",", subjects) + "}";
    }

    private void assertServiceToken(String authorization) throws Exception {
        assertThat(authorization).startsWith("Bearer ");
        JwtClaims claims =
                Jose4j.verify(
                        authorization.substring("Bearer ".length()),
                        fixture.endpoint("/oauth2/jwks"),
                        issuer,
                        "urn:grantwire:revocation-service");
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("revocations.internal");
        assertThat(claims.getStringClaimValue("client_id")).isEqualTo("grant-service");
        assertThat(claims.getSubject()).isEqualTo("grant-service");
        assertThat(claims.hasClaim("grant_id")).isFalse();
    }

    /** A consented code, exchanged once (tokens issued), then replayed: the grant is killed. */
    private Fixture.Code replayedCode() {
        Fixture.Code code = consentedCode();
        replay(code);
        return code;
    }

    private Fixture.Code consentedCode() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("relay-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        apps.put(code.grantId(), app);
        return code;
    }

    private final Map<UUID, Fixture.RegisteredApp> apps = new java.util.HashMap<>();

    private void replay(Fixture.Code code) {
        Fixture.RegisteredApp app = apps.get(code.grantId());
        exchange(app, code).statusCode(200);
        exchange(app, code).statusCode(400).body("error", equalTo("invalid_grant"));
        assertThat(
                        fixture.text(
                                "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                code.grantId()))
                .isEqualTo("revoked");
    }

    private ValidatableResponse exchange(Fixture.RegisteredApp app, Fixture.Code code) {
        return fixture.exchange(app, code);
    }
}
