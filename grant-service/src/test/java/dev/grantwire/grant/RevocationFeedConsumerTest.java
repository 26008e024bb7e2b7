package dev.grantwire.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantwire.events.RevocationBounds;
import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import dev.grantwire.testsupport.quarkus.ManagementInterface;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Against a real PostgreSQL and a real broker: the schema migrates, and a revocation published on
 * the topic is applied durably, with the feed position, as a max.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class RevocationFeedConsumerTest {

    private static final String OFFSET = "SELECT topic_offset FROM feed_position";

    @Inject AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void feedWhenRevocationPublishedThenAppliedWithItsPosition() throws SQLException {
        String grantId = UUID.randomUUID().toString();
        long revokedAt = System.currentTimeMillis();
        RevocationEvent revocation = grantRevocation(grantId, revokedAt, 41);

        long offset;
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            offset = feed.publish(revocation);
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> stored("grant:" + grantId) != null);
        assertThat(stored("grant:" + grantId)).isEqualTo(revocation.expiresAt() + "/41");
        // Sequences only grow (GREATEST); offsets grow in publish order whatever the test order.
        assertThat(text(OFFSET)).isEqualTo(String.valueOf(offset));
        assertThat(text("SELECT last_sequence >= 41 FROM feed_position")).isEqualTo("t");
    }

    @Test
    void feedWhenSameRevocationArrivesAgainOlderThenStoredEntryKeepsTheMaximum()
            throws SQLException {
        String grantId = UUID.randomUUID().toString();
        long revokedAt = System.currentTimeMillis();
        RevocationEvent newer = grantRevocation(grantId, revokedAt, 51);
        RevocationEvent older = grantRevocation(grantId, revokedAt - 60_000, 50);

        long olderOffset;
        try (FeedProbe feed = new FeedProbe(KafkaAndPostgresResource.adminAccess())) {
            feed.publish(newer);
            olderOffset = feed.publish(older);
        }

        await().atMost(Duration.ofSeconds(15))
                .until(() -> String.valueOf(olderOffset).equals(text(OFFSET)));
        assertThat(stored("grant:" + grantId)).isEqualTo(newer.expiresAt() + "/51");
    }

    @Test
    void operationalEndpointsWhenStartedThenOnlyTheManagementPortAnswersWithoutAskingKafka() {
        Map<String, String> management =
                ManagementInterface.requireOnlyThere(
                        "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi");
        assertThat(management.get("/q/health/live")).contains("\"UP\"");
        assertThat(management.get("/q/health/ready")).contains("grantwire-revocation-feed");
        assertThat(management.get("/q/metrics")).contains("jvm_memory");
        assertThat(management.get("/q/openapi")).contains("openapi");
    }

    private static RevocationEvent grantRevocation(String grantId, long revokedAt, long sequence) {
        return RevocationEvent.builder(RevocationKind.GRANT, grantId)
                .revokedAt(revokedAt)
                .reason("user revoked")
                .actor("user:test")
                .sequence(sequence)
                .build(RevocationBounds.DEFAULTS);
    }

    private String stored(String key) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT floor(extract(epoch FROM expires_at) * 1000)::bigint || '/' ||"
                                        + " sequence FROM applied_revocation"
                                        + " WHERE revocation_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet row = query.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
