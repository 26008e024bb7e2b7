package dev.grantwire.examples.resource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.guard.RevocationTable.Verdict;
import dev.grantwire.guard.quarkus.GuardFeed;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import dev.grantwire.testsupport.quarkus.ManagementInterface;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against a real PostgreSQL and a real broker: the schema migrates, the guard answers 503 (and is
 * not ready) until it has read the feed and seen a watermark, and a revocation on the topic lands
 * in its table. Runs first (Quarkus orders test classes of one profile by name): it needs a topic
 * with no heartbeat yet.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "resource_api"))
@QuarkusTestResource(TestIssuerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardFeedTest {

    @Inject GuardFeed guard;
    @Inject AgroalDataSource database;

    @Test
    @Order(1)
    void requestWhenNoWatermarkYetThenNotReadyAndAfterAHeartbeatServed() {
        assertThat(guard.watermark()).isNegative();
        String token = Tokens.delegated(UUID.randomUUID().toString(), UUID.randomUUID(), "");
        String service = Tokens.service("build-bot", "work_items.read");
        given().baseUri(ManagementInterface.url()).get("/q/health/ready").then().statusCode(503);
        for (String bearer : new String[] {token, service}) {
            given().auth()
                    .oauth2(bearer)
                    .get("/api/me")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:grantwire:problem:not-ready"))
                    .body("status", equalTo(503));
        }

        long now = System.currentTimeMillis();
        Feed.publish(new FeedHeartbeat(now, 0, now));

        await().atMost(Feed.WAIT)
                .untilAsserted(
                        () ->
                                given().baseUri(ManagementInterface.url())
                                        .get("/q/health/ready")
                                        .then()
                                        .statusCode(200)
                                        .body(containsString("grantwire-revocation-feed")));
        given().auth().oauth2(token).get("/api/me").then().statusCode(200);
        given().baseUri(ManagementInterface.url())
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void feedWhenGrantRevokedThenTheTableRefusesEveryTokenOfTheGrant() {
        UUID grantId = UUID.randomUUID();
        UUID jti = UUID.randomUUID();
        long issuedAt = System.currentTimeMillis();
        assertThat(guard.table().check(jti, grantId, "app", "user-1", issuedAt))
                .isEqualTo(Verdict.NONE);

        Feed.publish(
                RevocationEvent.builder(RevocationKind.GRANT, grantId.toString())
                        .revokedAt(System.currentTimeMillis())
                        .reason("user revoked")
                        .actor("user:user-1")
                        .sequence(7)
                        .build(RevocationBounds.DEFAULTS));

        await().atMost(Feed.WAIT)
                .until(
                        () ->
                                guard.table().check(jti, grantId, "app", "user-1", issuedAt)
                                        == Verdict.GRANT_REVOKED);
        assertThat(guard.table().check(UUID.randomUUID(), UUID.randomUUID(), "app", "u", issuedAt))
                .isEqualTo(Verdict.NONE);
    }

    @Test
    @Order(3)
    void migrateWhenServiceStartsThenWorkItemTableExists() throws Exception {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery(
                                "INSERT INTO work_item (owner_id, title) VALUES ('u', 'first')"
                                        + " RETURNING state")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("new");
        }
        given().baseUri(ManagementInterface.url())
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/work-items"));
    }
}
