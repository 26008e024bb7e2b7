package dev.grantwire.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantwire.events.FeedHeartbeat;
import dev.grantwire.testsupport.feed.FeedProbe;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real PostgreSQL and a real broker: the schema migrates, and the watermark the service
 * publishes every second comes from the database and is held back by an unsent outbox row.
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation_service"))
class HeartbeatPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private FeedProbe feed;

    @BeforeEach
    void openFeed() {
        feed = new FeedProbe(KafkaAndPostgresResource.adminAccess());
    }

    @AfterEach
    void closeFeed() throws SQLException {
        feed.close();
        update("DELETE FROM outbox");
        update("DELETE FROM revocation");
    }

    @Test
    void migrateWhenServiceStartsThenLedgerAndOutboxTablesExist() throws SQLException {
        assertThat(
                        queryLong(
                                "SELECT count(*) FROM flyway_schema_history"
                                        + " WHERE version = '1' AND success"))
                .isEqualTo(1);
        assertThat(queryLong("SELECT count(*) FROM revocation")).isZero();
        assertThat(queryLong("SELECT count(*) FROM outbox")).isZero();
    }

    @Test
    void heartbeatWhenOutboxEmptyThenWatermarkIsTheDatabaseClock() throws SQLException {
        long before =
                queryLong("SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint");

        FeedHeartbeat beat =
                feed.awaitNext(FeedHeartbeat.class, h -> h.watermark() >= before, WAIT);

        long after =
                queryLong("SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint");
        assertThat(beat.watermark()).isBetween(before, after);
        assertThat(beat.latestSequence()).isZero();
    }

    @Test
    void heartbeatWhenARowIsUnsentThenWatermarkStaysAtItsRevokedAtUntilSent() throws SQLException {
        long sequence =
                queryLong(
                        "INSERT INTO revocation (event_id, kind, subject, revoked_at, expires_at,"
                                + " reason, actor) VALUES ('"
                                + UUID.randomUUID()
                                + "', 'grant', '"
                                + UUID.randomUUID()
                                + "', clock_timestamp() - interval '10 minutes',"
                                + " clock_timestamp() + interval '90 minutes', 'test', 'test')"
                                + " RETURNING sequence");
        // Claimed by another replica that has not had the broker's ack yet: the relay leaves it.
        update(
                "INSERT INTO outbox (sequence, revoked_at, lease_owner, lease_until)"
                        + " SELECT sequence, revoked_at, 'another-replica',"
                        + " clock_timestamp() + interval '1 hour'"
                        + " FROM revocation WHERE sequence = "
                        + sequence);
        long revokedAt =
                queryLong(
                        "SELECT floor(extract(epoch FROM revoked_at) * 1000)::bigint FROM revocation"
                                + " WHERE sequence = "
                                + sequence);

        FeedHeartbeat heldBack =
                feed.awaitNext(FeedHeartbeat.class, h -> h.latestSequence() == sequence, WAIT);
        assertThat(heldBack.watermark()).isEqualTo(revokedAt);

        update("UPDATE outbox SET sent_at = clock_timestamp() WHERE sequence = " + sequence);
        FeedHeartbeat released =
                feed.awaitNext(
                        FeedHeartbeat.class,
                        h -> h.watermark() > revokedAt + Duration.ofMinutes(9).toMillis(),
                        WAIT);
        assertThat(released.latestSequence()).isEqualTo(sequence);
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
