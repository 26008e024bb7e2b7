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
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Against a real PostgreSQL and a real broker: the schema migrates, the guard is ready only once it
 * has read the feed and seen a watermark, and a revocation on the topic refuses its tokens.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "resource_api"))
class GuardFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject GuardFeed guard;
    @Inject AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readinessWhenNoWatermarkYetThenDownAndAfterAHeartbeatUp() {
        // Only this test publishes a heartbeat: until it does, there is no watermark.
        assertThat(guard.status().watermark()).isNegative();
        given().get("/q/health/ready").then().statusCode(503);
        try (FeedProbe feed = new FeedProbe(bootstrapServers)) {
            long now = System.currentTimeMillis();
            feed.publish(new FeedHeartbeat(now, 0, now));
        }
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                given().get("/q/health/ready")
                                        .then()
                                        .statusCode(200)
                                        .body(containsString("grantwire-revocation-feed")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void feedWhenGrantRevokedThenEveryTokenOfTheGrantIsRefused() {
        UUID grantId = UUID.randomUUID();
        UUID jti = UUID.randomUUID();
        long issuedAt = System.currentTimeMillis();
        assertThat(guard.table().check(jti, grantId, "app", "user-1", issuedAt))
                .isEqualTo(Verdict.NONE);

        try (FeedProbe feed = new FeedProbe(bootstrapServers)) {
            feed.publish(
                    RevocationEvent.builder(RevocationKind.GRANT, grantId.toString())
                            .revokedAt(System.currentTimeMillis())
                            .reason("user revoked")
                            .actor("user:user-1")
                            .sequence(7)
                            .build(RevocationBounds.DEFAULTS));
        }

        await().atMost(WAIT)
                .until(
                        () ->
                                guard.table().check(jti, grantId, "app", "user-1", issuedAt)
                                        == Verdict.GRANT_REVOKED);
        assertThat(guard.table().check(UUID.randomUUID(), UUID.randomUUID(), "app", "u", issuedAt))
                .isEqualTo(Verdict.NONE);
    }

    @Test
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
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }
}
