package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.grant.messaging.FeedReconciler;
import dev.grantwire.grant.support.FakeRevocationService;
import dev.grantwire.grant.support.FakeRevocationServiceResource;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.grant.support.Jose4j;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation from revocation-service's ledger (a fake serving the ledger API) against the real
 * broker and database: a fresh start and a position that fell out of the topic's retention (records
 * really deleted from the log) are filled from the ledger, a position still on the topic is not.
 * The app has already started, so the tests call {@link FeedReconciler#prepare()} as the start
 * does.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
@QuarkusTestResource(FakeRevocationServiceResource.class)
class FeedReconciliationTest {

    private static final String SCOPE = "work_items.read offline_access";
    private static final TopicPartition PARTITION =
            new TopicPartition(KafkaAndPostgresResource.REVOCATIONS_TOPIC, 0);

    @Inject AgroalDataSource database;

    @Inject FeedReconciler reconciler;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "grantwire.issuer")
    String issuer;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void prepareWhenNoStoredPositionThenWholeLedgerAppliedBeforeTopicFromEarliest()
            throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID alice = fixture.signIn("reconcile-grant-" + UUID.randomUUID());
        Fixture.Code alicesCode = fixture.consent(alice, app.clientId(), SCOPE, null);
        String alicesRefresh = refreshTokenOf(app, alicesCode);
        UUID bob = fixture.signIn("reconcile-user-" + UUID.randomUUID());
        Fixture.Code bobsCode = fixture.consent(bob, app.clientId(), SCOPE, null);
        String bobsRefresh = refreshTokenOf(app, bobsCode);
        long sequence = System.currentTimeMillis();
        FakeRevocationService.addToLedger(
                RevocationEvent.builder(RevocationKind.GRANT, alicesCode.grantId().toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user revoked")
                        .actor("user:" + alice)
                        .sequence(sequence)
                        .build(RevocationBounds.DEFAULTS));
        FakeRevocationService.addToLedger(
                RevocationEvent.builder(RevocationKind.USER, bob.toString())
                        .scope(RevocationScope.GRANTS)
                        .userId(bob.toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user left")
                        .actor("admin:test")
                        .sequence(sequence + 1)
                        .build(RevocationBounds.DEFAULTS));
        fixture.count(
                "WITH gone AS (DELETE FROM feed_position RETURNING 1) SELECT count(*) FROM gone");
        int requestsBefore = FakeRevocationService.ledgerRequests().size();

        long from = reconciler.prepare();

        long earliest = topicOffsets().earliest();
        assertThat(from).isEqualTo(earliest);
        assertThat(grantStatus(alicesCode.grantId())).isEqualTo("revoked");
        assertThat(grantStatus(bobsCode.grantId())).isEqualTo("revoked");
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id IN (?, ?)",
                                alicesCode.grantId(),
                                bobsCode.grantId()))
                .isZero();
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM applied_revocation WHERE revocation_key IN (?, ?)",
                                "grant:" + alicesCode.grantId(),
                                "user:" + bob))
                .isEqualTo(2);
        assertThat(fixture.count("SELECT last_sequence FROM feed_position"))
                .isGreaterThanOrEqualTo(sequence + 1);
        assertThat(fixture.count("SELECT topic_offset FROM feed_position")).isEqualTo(earliest - 1);
        refresh(app, alicesRefresh).statusCode(400);
        refresh(app, bobsRefresh).statusCode(400);
        // A fresh start reads the whole ledger, with grant-service's own service token.
        List<Map<String, String>> requests = FakeRevocationService.ledgerRequests();
        Map<String, String> first = requests.get(requestsBefore);
        assertThat(first.get("query")).startsWith("since=0&");
        assertServiceToken(first.get("authorization"));
    }

    @Test
    void prepareWhenLedgerUnavailableThenKeepsRetryingUntilItAnswersAndApplies() throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("reconcile-retry-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        FakeRevocationService.addToLedger(
                RevocationEvent.builder(RevocationKind.GRANT, code.grantId().toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user revoked")
                        .actor("user:" + user)
                        .sequence(System.currentTimeMillis())
                        .build(RevocationBounds.DEFAULTS));
        FakeRevocationService.answerLedgerNext(503, 503);
        fixture.count(
                "WITH gone AS (DELETE FROM feed_position RETURNING 1) SELECT count(*) FROM gone");
        int requestsBefore = FakeRevocationService.ledgerRequests().size();

        reconciler.prepare();

        assertThat(
                        FakeRevocationService.ledgerRequests()
                                .subList(requestsBefore, requestsBefore + 3))
                .extracting(request -> request.get("status"))
                .containsExactly("503", "503", "200");
        assertThat(grantStatus(code.grantId())).isEqualTo("revoked");
        assertThat(fixture.count("SELECT count(*) FROM feed_position")).isEqualTo(1);
    }

    @Test
    void prepareWhenStoredOffsetFellOutOfRetentionThenLedgerFillsTheGapFromStoredSequence()
            throws Exception {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("reconcile-gap-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        String refreshToken = refreshTokenOf(app, code);
        // Records the stored position never reached, then deleted from the log as retention does.
        long sequence = System.currentTimeMillis();
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            for (int i = 0; i < 3; i++) {
                feed.publish(
                        RevocationEvent.builder(RevocationKind.GRANT, UUID.randomUUID().toString())
                                .revokedAt(System.currentTimeMillis())
                                .reason("user revoked")
                                .actor("user:test")
                                .sequence(sequence + i)
                                .build(RevocationBounds.DEFAULTS));
            }
        }
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                fixture.count("SELECT last_sequence FROM feed_position")
                                        >= sequence + 2);
        long end = topicOffsets().end();
        try (Admin admin = admin()) {
            admin.deleteRecords(Map.of(PARTITION, RecordsToDelete.beforeOffset(end))).all().get();
        }
        assertThat(topicOffsets().earliest()).isEqualTo(end);
        // This replica stopped three records before the end, at an older sequence.
        fixture.count(
                "WITH moved AS (UPDATE feed_position SET topic_offset = ?, last_sequence = ?"
                        + " RETURNING 1) SELECT count(*) FROM moved",
                end - 4,
                sequence - 1);
        // The revocation it missed, only in the ledger now.
        FakeRevocationService.addToLedger(
                RevocationEvent.builder(RevocationKind.GRANT, code.grantId().toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user revoked")
                        .actor("user:" + user)
                        .sequence(sequence + 1)
                        .build(RevocationBounds.DEFAULTS));
        int requestsBefore = FakeRevocationService.ledgerRequests().size();

        long from = reconciler.prepare();

        assertThat(from).isEqualTo(end);
        assertThat(grantStatus(code.grantId())).isEqualTo("revoked");
        refresh(app, refreshToken).statusCode(400);
        assertThat(fixture.count("SELECT topic_offset FROM feed_position")).isEqualTo(end - 1);
        assertThat(fixture.count("SELECT last_sequence FROM feed_position"))
                .isGreaterThanOrEqualTo(sequence + 1);
        // Read a little behind the stored sequence: sequences may commit out of order.
        assertThat(FakeRevocationService.ledgerRequests().get(requestsBefore).get("query"))
                .startsWith("since=" + Math.max(0, sequence - 1 - 1000) + "&");
    }

    @Test
    void prepareWhenStoredOffsetStillOnTopicThenResumesRightAfterItWithoutTheLedger()
            throws Exception {
        long sequence = System.currentTimeMillis();
        long offset;
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            offset =
                    feed.publish(
                            RevocationEvent.builder(
                                            RevocationKind.GRANT, UUID.randomUUID().toString())
                                    .revokedAt(System.currentTimeMillis())
                                    .reason("user revoked")
                                    .actor("user:test")
                                    .sequence(sequence)
                                    .build(RevocationBounds.DEFAULTS));
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> fixture.count("SELECT topic_offset FROM feed_position") >= offset);
        long stored = fixture.count("SELECT topic_offset FROM feed_position");
        int requestsBefore = FakeRevocationService.ledgerRequests().size();

        long from = reconciler.prepare();

        assertThat(from).isEqualTo(stored + 1);
        assertThat(FakeRevocationService.ledgerRequests()).hasSize(requestsBefore);
        assertThat(fixture.count("SELECT topic_offset FROM feed_position")).isEqualTo(stored);
    }

    private record Offsets(long earliest, long end) {}

    private Offsets topicOffsets() throws Exception {
        try (Admin admin = admin()) {
            long earliest =
                    admin.listOffsets(Map.of(PARTITION, OffsetSpec.earliest()))
                            .partitionResult(PARTITION)
                            .get()
                            .offset();
            long end =
                    admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest()))
                            .partitionResult(PARTITION)
                            .get()
                            .offset();
            return new Offsets(earliest, end);
        }
    }

    private Admin admin() {
        return Admin.create(KafkaAndPostgresResource.adminAccess().clientProperties());
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
        assertThat(claims.hasClaim("grant_id")).isFalse();
    }

    private String grantStatus(UUID grantId) {
        return fixture.text("SELECT status FROM authorization_grant WHERE grant_id = ?", grantId);
    }

    private String refreshTokenOf(Fixture.RegisteredApp app, Fixture.Code code) {
        return fixture.exchange(app, code).statusCode(200).extract().path("refresh_token");
    }

    private ValidatableResponse refresh(Fixture.RegisteredApp app, String refreshToken) {
        return given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refreshToken)
                .post("/oauth2/token")
                .then();
    }
}
