package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocations from the feed (real broker) change grant-service's own state: the grant dies with its
 * refresh tokens, and no token is minted for a user or app whose cutoff has not passed yet.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class RevocationApplyTest {

    private static final String SCOPE = "work_items.read offline_access";

    @Inject AgroalDataSource database;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void grantRevocationWhenAppliedThenGrantDeadAndRefreshRefused() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("feed-grant-" + UUID.randomUUID());
        Fixture.Code code = fixture.consent(user, app.clientId(), SCOPE, null);
        String refresh = exchange(app, code).statusCode(200).extract().path("refresh_token");

        publish(
                RevocationEvent.builder(RevocationKind.GRANT, code.grantId().toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user revoked")
                        .actor("user:" + user)
                        .sequence(1000)
                        .build(RevocationBounds.DEFAULTS));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> "revoked".equals(grantStatus(code.grantId())));
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                code.grantId()))
                .isZero();
        // The feed's revocation is not echoed back as a command: revocation-service has it.
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM command_outbox WHERE subject = ?",
                                code.grantId().toString()))
                .isZero();
        given().auth()
                .preemptive()
                .basic(app.clientId(), app.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refresh)
                .post("/oauth2/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void userRevocationWhenCutoffAheadThenGrantsDeadAndNewTokensWaitWithRetryAfter() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("feed-user-" + UUID.randomUUID());
        Fixture.Code before = fixture.consent(user, app.clientId(), SCOPE, null);

        publish(
                RevocationEvent.builder(RevocationKind.USER, user.toString())
                        .scope(RevocationScope.GRANTS)
                        .userId(user.toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user left")
                        .actor("admin:test")
                        .sequence(1001)
                        .build(RevocationBounds.DEFAULTS));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> "revoked".equals(grantStatus(before.grantId())));
        Fixture.Code after = fixture.consent(user, app.clientId(), SCOPE, null);
        assertThat(after.grantId()).isNotEqualTo(before.grantId());
        exchange(app, after)
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body("error", equalTo("temporarily_unavailable"));
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM refresh_token WHERE grant_id = ?",
                                after.grantId()))
                .isZero();
    }

    @Test
    void consentWhenRevokeSequenceGivenThenWaitsForItAndLandsOnFreshGrant() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("ryw-" + UUID.randomUUID());
        Fixture.Code before = fixture.consent(user, app.clientId(), SCOPE, null);
        long sequence = System.currentTimeMillis();

        publish(
                RevocationEvent.builder(RevocationKind.GRANT, before.grantId().toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user revoked")
                        .actor("user:" + user)
                        .sequence(sequence)
                        .build(RevocationBounds.DEFAULTS));
        String grantId =
                consentWithSequence(app, user, sequence).statusCode(201).extract().path("grantId");

        assertThat(grantId).isNotEqualTo(before.grantId().toString());
        assertThat(
                        fixture.text(
                                "SELECT status FROM authorization_grant WHERE grant_id = ?",
                                before.grantId()))
                .isEqualTo("revoked");
    }

    @Test
    void consentWhenOnlyALaterSequenceIsAppliedThenWaitsForItsOwn() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("ryw-order-" + UUID.randomUUID());
        Fixture.Code before = fixture.consent(user, app.clientId(), SCOPE, null);
        long own = System.currentTimeMillis() * 10;
        // Another revocation, committed later but published first, carries a higher sequence.
        publish(
                RevocationEvent.builder(RevocationKind.TOKEN, UUID.randomUUID().toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("another")
                        .actor("test")
                        .sequence(own + 1)
                        .build(RevocationBounds.DEFAULTS));
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                fixture.count(
                                                "SELECT count(*) FROM applied_sequence WHERE sequence = ?",
                                                own + 1)
                                        == 1);

        consentWithSequence(app, user, own).statusCode(503);
        assertThat(grantStatus(before.grantId())).isEqualTo("active");

        publish(
                RevocationEvent.builder(RevocationKind.GRANT, before.grantId().toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user revoked")
                        .actor("user:" + user)
                        .sequence(own)
                        .build(RevocationBounds.DEFAULTS));
        String grantId =
                consentWithSequence(app, user, own).statusCode(201).extract().path("grantId");
        assertThat(grantId).isNotEqualTo(before.grantId().toString());
        assertThat(grantStatus(before.grantId())).isEqualTo("revoked");
    }

    @Test
    void consentWhenRevokeSequenceNeverAppliedThenServiceUnavailableAndNoCode() {
        Fixture.RegisteredApp app = fixture.registerApp(SCOPE);
        UUID user = fixture.signIn("ryw-late-" + UUID.randomUUID());
        consentWithSequence(app, user, Long.MAX_VALUE)
                .statusCode(503)
                .header("Retry-After", notNullValue());
        assertThat(
                        fixture.count(
                                "SELECT count(*) FROM authorization_grant WHERE user_id = ?", user))
                .isZero();
    }

    private io.restassured.response.ValidatableResponse consentWithSequence(
            Fixture.RegisteredApp app, UUID user, long sequence) {
        return given().auth()
                .oauth2(fixture.internalToken())
                .contentType("application/json")
                .body(
                        java.util.Map.of(
                                "userId", user.toString(),
                                "clientId", app.clientId(),
                                "scopes", java.util.List.of("work_items.read", "offline_access"),
                                "redirectUri", Fixture.REDIRECT_URI,
                                "codeChallenge",
                                        com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                                                        com.nimbusds.oauth2.sdk.pkce
                                                                .CodeChallengeMethod.S256,
                                                        new com.nimbusds.oauth2.sdk.pkce
                                                                .CodeVerifier())
                                                .getValue(),
                                "codeChallengeMethod", "S256",
                                "revocationSequence", sequence))
                .post("/internal/v1/grants")
                .then();
    }

    private void publish(RevocationEvent event) {
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            feed.publish(event);
        }
    }

    private io.restassured.response.ValidatableResponse exchange(
            Fixture.RegisteredApp app, Fixture.Code code) {
        return fixture.exchange(app, code);
    }

    private String grantStatus(UUID grantId) {
        return fixture.text("SELECT status FROM authorization_grant WHERE grant_id = ?", grantId);
    }
}
