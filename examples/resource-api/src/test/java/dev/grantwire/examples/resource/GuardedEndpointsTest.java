package dev.grantwire.examples.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.guard.quarkus.GuardFeed;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import dev.grantwire.testsupport.quarkus.ManagementInterface;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint through the real guard: scopes (200/403), no or bad token (401), a revocation
 * published on the real topic (401 at once), and a stale feed (503 for delegated tokens only).
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "resource_api"))
@QuarkusTestResource(TestIssuerResource.class)
class GuardedEndpointsTest {

    private static final List<String> ENDPOINTS =
            List.of("/api/work-items", "/api/code/repositories", "/api/builds");
    private static final List<String> SCOPES =
            List.of("work_items.read", "code.read", "builds.read");

    @Inject GuardFeed guard;

    private final String user = UUID.randomUUID().toString();

    @BeforeEach
    void freshFeed() {
        Feed.freshWatermark(guard);
    }

    @Test
    void getWhenTokenHasTheScopeThenOkAndOtherwiseForbidden() {
        for (int i = 0; i < ENDPOINTS.size(); i++) {
            String right = Tokens.delegated(user, UUID.randomUUID(), SCOPES.get(i));
            String wrong =
                    Tokens.delegated(user, UUID.randomUUID(), SCOPES.get((i + 1) % SCOPES.size()));
            given().auth().oauth2(right).get(ENDPOINTS.get(i)).then().statusCode(200);
            given().auth()
                    .oauth2(wrong)
                    .get(ENDPOINTS.get(i))
                    .then()
                    .statusCode(403)
                    .header(
                            "WWW-Authenticate",
                            containsString(
                                    "error=\"insufficient_scope\", error_description=\"The access"
                                            + " token lacks a required scope\", scope=\""
                                            + SCOPES.get(i)
                                            + "\""))
                    .contentType("application/problem+json")
                    .body("status", equalTo(403));
        }
        String readOnly = Tokens.delegated(user, UUID.randomUUID(), "work_items.read");
        given().auth()
                .oauth2(readOnly)
                .contentType("application/json")
                .body("{\"title\":\"not allowed\"}")
                .post("/api/work-items")
                .then()
                .statusCode(403);
    }

    @Test
    void getWhenDemoDataThenPerUser() {
        String token = Tokens.delegated(user, UUID.randomUUID(), "code.read builds.read");
        given().auth()
                .oauth2(token)
                .get("/api/code/repositories")
                .then()
                .statusCode(200)
                .body("$", hasSize(3))
                .body("[0].name", equalTo("user-" + user.substring(0, 8) + "/web-shop"));
        given().auth()
                .oauth2(token)
                .get("/api/builds")
                .then()
                .statusCode(200)
                .body("[0].repository", containsString(user.substring(0, 8)));
    }

    @Test
    void getWhenNoTokenThenUnauthorizedWithBearerChallenge() {
        for (String endpoint : ENDPOINTS) {
            given().get(endpoint)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"grantwire\""))
                    .contentType("application/problem+json")
                    .body("status", equalTo(401));
        }
        given().get("/api/me").then().statusCode(401);
    }

    @Test
    void getWhenTokenInvalidThenUnauthorizedInvalidToken() {
        JWTClaimsSet otherAudience =
                Tokens.claims(user, "demo-app", "work_items.read")
                        .audience("urn:grantwire:api:profile")
                        .build();
        JWTClaimsSet otherIssuer =
                Tokens.claims(user, "demo-app", "work_items.read")
                        .issuer("http://127.0.0.1:1")
                        .build();
        String good = Tokens.service("build-bot", "work_items.read");
        String tampered = good.substring(0, good.length() - 4) + "AAAA";
        for (String token :
                List.of(
                        Tokens.sign(otherAudience),
                        Tokens.sign(otherIssuer),
                        tampered,
                        "not-a-jwt")) {
            given().auth()
                    .oauth2(token)
                    .get("/api/work-items")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:grantwire:problem:invalid"))
                    .body("detail", not(containsString("Exception")));
        }
    }

    @Test
    void getWhenTokenExpiredThenUnauthorized() {
        long past = System.currentTimeMillis() - 3_600_000;
        JWTClaimsSet expired =
                Tokens.claims(user, "demo-app", "work_items.read")
                        .issueTime(new java.util.Date(past))
                        .expirationTime(new java.util.Date(past + 600_000))
                        .build();
        given().auth()
                .oauth2(Tokens.sign(expired))
                .get("/api/work-items")
                .then()
                .statusCode(401)
                .header(
                        "WWW-Authenticate",
                        containsString("error_description=\"The access token expired\""))
                .body("type", equalTo("urn:grantwire:problem:expired"));
    }

    @Test
    void getWhenGrantRevokedOnTheTopicThenUnauthorizedAndOtherGrantsServed() {
        UUID grant = UUID.randomUUID();
        String revoked = Tokens.delegated(user, grant, "work_items.read");
        String other = Tokens.delegated(user, UUID.randomUUID(), "work_items.read");
        given().auth().oauth2(revoked).get("/api/work-items").then().statusCode(200);

        Feed.publish(
                RevocationEvent.builder(RevocationKind.GRANT, grant.toString())
                        .clientId("demo-app")
                        .userId(user)
                        .revokedAt(System.currentTimeMillis())
                        .reason("user_revoked")
                        .actor("user:" + user)
                        .sequence(11)
                        .build(RevocationBounds.DEFAULTS));

        await().atMost(Feed.WAIT)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(
                        () ->
                                given().auth()
                                        .oauth2(revoked)
                                        .get("/api/work-items")
                                        .then()
                                        .statusCode(401)
                                        .header(
                                                "WWW-Authenticate",
                                                containsString("error=\"invalid_token\""))
                                        .body("type", equalTo("urn:grantwire:problem:revoked")));
        given().auth().oauth2(other).get("/api/work-items").then().statusCode(200);
        given().baseUri(ManagementInterface.url())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("grantwire_guard_refusals_total{reason=\"revoked\"}"))
                .body(containsString("grantwire_guard_events_applied_total"))
                .body(containsString("grantwire_guard_apply_latency_seconds_bucket"))
                .body(containsString("grantwire_guard_watermark_age_seconds"))
                .body(containsString("grantwire_guard_table_size"));
    }

    @Test
    void getWhenWatermarkOlderThanBThenDelegatedGets503ServiceTokenServedAndItRecovers() {
        String delegated = Tokens.delegated(user, UUID.randomUUID(), "work_items.read");
        String service = Tokens.service("build-bot", "work_items.read");
        given().auth().oauth2(delegated).get("/api/work-items").then().statusCode(200);

        // No heartbeat from now on: after B (4 s in tests) the view is stale.
        await().atMost(Feed.WAIT)
                .untilAsserted(
                        () ->
                                given().auth()
                                        .oauth2(delegated)
                                        .get("/api/work-items")
                                        .then()
                                        .statusCode(503)
                                        .header("Retry-After", "5")
                                        .contentType("application/problem+json")
                                        .body("type", equalTo("urn:grantwire:problem:stale")));
        given().auth()
                .oauth2(service)
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("subject", equalTo("build-bot"))
                .body("delegated", equalTo(false));
        given().auth().oauth2(service).get("/api/work-items").then().statusCode(200);
        // Readiness and liveness never follow Kafka once ready.
        given().baseUri(ManagementInterface.url()).get("/q/health/ready").then().statusCode(200);
        given().baseUri(ManagementInterface.url()).get("/q/health/live").then().statusCode(200);

        long now = System.currentTimeMillis();
        Feed.publish(new FeedHeartbeat(now, 11, now));
        await().atMost(Feed.WAIT)
                .untilAsserted(
                        () ->
                                given().auth()
                                        .oauth2(delegated)
                                        .get("/api/work-items")
                                        .then()
                                        .statusCode(200));
        given().baseUri(ManagementInterface.url())
                .get("/q/metrics")
                .then()
                .body(containsString("grantwire_guard_refusals_total{reason=\"stale\"}"));
    }

    @Test
    void managementWhenAskedOnTheApiPortThen404AndOnTheManagementPortServed() {
        Map<String, String> management =
                ManagementInterface.requireOnlyThere(
                        "/q/health", "/q/health/live", "/q/metrics", "/q/openapi");
        assertThat(management.get("/q/metrics")).contains("grantwire_guard_table_size");
        assertThat(management.get("/q/openapi")).contains("/api/work-items");
    }

    @Test
    void getMeWhenDelegatedThenTheTokensClaims() {
        UUID grant = UUID.randomUUID();
        given().auth()
                .oauth2(Tokens.delegated(user, grant, "work_items.read code.read"))
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("subject", equalTo(user))
                .body("clientId", equalTo("demo-app"))
                .body("scopes", equalTo(List.of("code.read", "work_items.read")))
                .body("grantId", equalTo(grant.toString()))
                .body("delegated", equalTo(true));
    }
}
